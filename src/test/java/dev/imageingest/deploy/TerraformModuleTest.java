package dev.imageingest.deploy;

import static dev.imageingest.deploy.TfModule.attribute;
import static dev.imageingest.deploy.TfModule.attributes;
import static dev.imageingest.deploy.TfModule.children;
import static dev.imageingest.deploy.TfModule.literal;
import static dev.imageingest.deploy.TfModule.literalList;
import static dev.imageingest.deploy.TfModule.nested;
import static dev.imageingest.deploy.TfModule.path;
import static dev.imageingest.deploy.TfModule.references;
import static dev.imageingest.deploy.TfModule.target;
import static dev.imageingest.deploy.TfModule.targets;
import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import dev.imageingest.config.ConfigLoader;
import dev.imageingest.config.IngestConfig;
import dev.imageingest.config.IngestOptions;
import dev.imageingest.fetch.config.FetchOptions;
import dev.imageingest.fetch.store.S3Options;
import dev.imageingest.retry.RetryOptions;
import dev.imageingest.source.sqs.config.SqsSourceOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/terraform without Terraform (CI has only Java and Maven): the files parse, every
 * reference resolves, the example passes what the module requires, and the Managed Flink property
 * group holds exactly keys the job reads, with values the job's own validation accepts. IAM is
 * checked by {@link TerraformIamTest}.
 */
class TerraformModuleTest {
    static final Path TERRAFORM = Path.of("deploy/terraform");
    static final Path MODULE = TERRAFORM.resolve("modules/image-ingest");
    static final Path EXAMPLE = TERRAFORM.resolve("examples/basic");

    private static final Set<String> META_ROOTS =
            Set.of("each", "count", "self", "path", "terraform");
    private static final Set<String> MODULE_META_ARGUMENTS =
            Set.of("source", "version", "providers", "depends_on", "count", "for_each");

    static TfModule module;
    static TfModule example;

    @BeforeAll
    static void load() throws IOException {
        module = TfModule.load(MODULE);
        example = TfModule.load(EXAMPLE);
    }

    @Test
    void everyReferenceResolvesInItsOwnDirectory() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.walk(TERRAFORM)) {
            dirs =
                    s.filter(Files::isDirectory)
                            .filter(d -> !d.toString().contains(".terraform"))
                            .filter(TerraformModuleTest::hasTfFiles)
                            .toList();
        }
        assertThat(dirs).contains(MODULE, EXAMPLE);
        List<String> problems = new ArrayList<>();
        for (Path dir : dirs) {
            problems.addAll(unresolved(TfModule.load(dir)));
        }
        assertThat(problems).as("unresolved references").isEmpty();
    }

    @Test
    void everyVariableIsDescribedTypedAndUsed() {
        for (TfModule m : List.of(module, example)) {
            Set<String> used = new TreeSet<>();
            // a variable used only in its own validation block is still unused
            m.blocks.stream()
                    .filter(b -> !b.kind().equals("variable"))
                    .forEach(b -> used.addAll(targets(b.symbol())));
            m.byAddress("variable")
                    .forEach(
                            (name, b) -> {
                                assertThat(literal(attribute(b.symbol(), "description")))
                                        .as("%s: description of variable %s", m.dir, name)
                                        .isNotBlank();
                                assertThat(attribute(b.symbol(), "type"))
                                        .as("%s: type of variable %s", m.dir, name)
                                        .isNotNull();
                                assertThat(used)
                                        .as("%s: variable %s is used", m.dir, name)
                                        .contains("var." + name);
                            });
        }
    }

    @Test
    void exampleRootSetsEveryRequiredModuleVariableAndOnlyDeclaredOnes() {
        TfModule.Block call = exampleCall();
        Set<String> passed = new TreeSet<>();
        attributes(call.symbol()).forEach(a -> passed.add(a.getName()));
        passed.removeAll(MODULE_META_ARGUMENTS);
        Map<String, TfModule.Block> declared = module.byAddress("variable");
        Set<String> required = new TreeSet<>();
        declared.forEach(
                (n, b) -> {
                    if (attribute(b.symbol(), "default") == null) {
                        required.add(n);
                    }
                });
        assertThat(required).as("the module has required inputs").isNotEmpty();
        assertThat(passed).containsAll(required);
        assertThat(declared.keySet()).containsAll(passed);
    }

    @Test
    void propertyGroupSetsOnlyKeysTheJobReadsAndEveryRequiredOne() {
        Set<String> moduleKeys = FlinkProperties.of(module, null).keySet();
        Set<String> exampleKeys = FlinkProperties.of(module, exampleCall()).keySet();
        Set<String> known = IngestOptions.all().keySet();
        assertThat(moduleKeys).as("keys the module sets").isSubsetOf(known);
        assertThat(exampleKeys).as("keys the example sets").isSubsetOf(known);
        assertThat(moduleKeys)
                .as("required keys are set by the module itself")
                .containsAll(IngestOptions.requiredKeys());
        assertThat(exampleKeys).contains("fetch.user-agent").containsAll(moduleKeys);
    }

    @Test
    void propertyValuesPassTheJobsOwnValidation() {
        for (TfModule.Block caller : java.util.Arrays.asList(null, exampleCall())) {
            Map<String, String> values = FlinkProperties.values(module, caller);
            IngestConfig config = IngestConfig.of(values); // throws naming the key on a bad value
            assertThat(config.get(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT))
                    .isEqualTo(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.defaultValue());
        }
    }

    @Test
    void queueAndCheckpointSettingsComeFromTheSameVariablesAsTheJobSettings() {
        Map<String, HCLAttribute> props = FlinkProperties.of(module, null);
        HCLBlock queue = module.resource("aws_sqs_queue.main").symbol();
        assertThat(targets(attribute(queue, "visibility_timeout_seconds")))
                .containsExactly("var.visibility_timeout_seconds")
                .isEqualTo(targets(props.get(SqsSourceOptions.SQS_VISIBILITY_TIMEOUT.key())));
        HCLBlock checkpoint =
                path(
                        app(),
                        "application_configuration",
                        "flink_application_configuration",
                        "checkpoint_configuration");
        assertThat(literal(attribute(checkpoint, "configuration_type"))).isEqualTo("CUSTOM");
        assertThat(targets(attribute(checkpoint, "checkpoint_interval")))
                .containsExactly("var.checkpoint_interval_seconds")
                .isEqualTo(targets(props.get(IngestOptions.CHECKPOINT_INTERVAL.key())));
        // the module's defaults are the job's defaults
        assertThat(defaultOf("visibility_timeout_seconds"))
                .isEqualTo(
                        String.valueOf(
                                SqsSourceOptions.SQS_VISIBILITY_TIMEOUT
                                        .defaultValue()
                                        .toSeconds()));
        assertThat(defaultOf("checkpoint_interval_seconds"))
                .isEqualTo(
                        String.valueOf(
                                IngestOptions.CHECKPOINT_INTERVAL.defaultValue().toSeconds()));
        assertThat(defaultOf("fetch_operator_timeout_seconds"))
                .isEqualTo(
                        String.valueOf(
                                FetchOptions.FETCH_OPERATOR_TIMEOUT.defaultValue().toSeconds()));
        assertThat(defaultOf("image_key_prefix")).isEqualTo(S3Options.S3_KEY_PREFIX.defaultValue());
    }

    @Test
    void finalFailuresGoToTheModulesDeadLetterQueueBeforeSqsRedrivesThem() throws IOException {
        Map<String, HCLAttribute> props = FlinkProperties.of(module, null);
        assertThat(targets(props.get(RetryOptions.DLQ_QUEUE_URL.key())))
                .containsExactly("aws_sqs_queue.dlq");
        assertThat(targets(props.get(RetryOptions.RETRY_MAX_RECEIVES.key())))
                .containsExactly("var.retry_max_receives");
        assertThat(defaultOf("retry_max_receives"))
                .isEqualTo(String.valueOf(RetryOptions.RETRY_MAX_RECEIVES.defaultValue()));
        // SQS's own redrive must not take a message before the job's last word on it
        assertThat(Integer.parseInt(defaultOf("max_receive_count")))
                .isGreaterThan(RetryOptions.RETRY_MAX_RECEIVES.defaultValue());
        HCLBlock queue = module.resource("aws_sqs_queue.main").symbol();
        assertThat(Files.readString(MODULE.resolve("sqs.tf")))
                .contains("var.max_receive_count > var.retry_max_receives");
        assertThat(targets(attribute(queue, "redrive_policy")))
                .containsExactlyInAnyOrder("aws_sqs_queue.dlq", "var.max_receive_count");
    }

    @Test
    void applicationRunsTheFlinkVersionTheJobIsBuiltWithAndReadsTheJobsPropertyGroup()
            throws IOException {
        Matcher v =
                Pattern.compile("<flink.version>(\\d+)\\.(\\d+)\\.")
                        .matcher(Files.readString(Path.of("pom.xml")));
        assertThat(v.find()).isTrue();
        assertThat(literal(attribute(app(), "runtime_environment")))
                .isEqualTo("FLINK-" + v.group(1) + "_" + v.group(2));
        HCLBlock props = path(app(), "application_configuration", "environment_properties");
        for (HCLBlock group : nested(props, "property_group")) {
            assertThat(literal(attribute(group, "property_group_id")))
                    .isEqualTo(ConfigLoader.MSF_GROUP);
        }
        HCLBlock code = path(app(), "application_configuration", "application_code_configuration");
        assertThat(literal(attribute(code, "code_content_type"))).isEqualTo("ZIPFILE");
        assertThat(literal(attribute(app(), "force_stop")))
                .as("a forced stop takes no snapshot")
                .isEqualTo("false");
        HCLBlock snapshots =
                path(app(), "application_configuration", "application_snapshot_configuration");
        assertThat(defaultOf(single(targets(attribute(snapshots, "snapshots_enabled")))))
                .isEqualTo("true");
    }

    @Test
    void firehoseWritesJsonLinesUnderTheRecordsPrefixThatSnowpipeIsNotifiedFor() {
        HCLBlock stream = module.resource("aws_kinesis_firehose_delivery_stream.records").symbol();
        assertThat(literal(attribute(stream, "destination"))).isEqualTo("extended_s3");
        HCLBlock s3 = path(stream, "extended_s3_configuration");
        assertThat(nested(s3, "processing_configuration"))
                .as("records already end in \\n; a delimiter processor would double it")
                .isEmpty();
        assertThat(targets(attribute(s3, "bucket_arn"))).containsExactly("aws_s3_bucket.records");
        String records = defaultOf("records_prefix");
        String errors = defaultOf("firehose_error_prefix");
        assertThat(FlinkProperties.eval(attribute(s3, "prefix"), module, null))
                .isEqualTo(records + "!{timestamp:yyyy/MM/dd/HH}/");
        assertThat(FlinkProperties.eval(attribute(s3, "error_output_prefix"), module, null))
                .startsWith(errors)
                .contains("!{firehose:error-output-type}");
        assertThat(records.startsWith(errors) || errors.startsWith(records))
                .as("error output must stay outside the prefix Snowpipe loads")
                .isFalse();

        HCLBlock notification = module.resource("aws_s3_bucket_notification.snowpipe").symbol();
        assertThat(targets(attribute(notification, "bucket")))
                .containsExactly("aws_s3_bucket.records");
        HCLBlock queue = path(notification, "queue");
        assertThat(targets(attribute(queue, "filter_prefix")))
                .containsExactly("var.records_prefix");
        assertThat(targets(attribute(queue, "queue_arn"))).containsExactly("var.snowpipe_sqs_arn");
        assertThat(literalList(attribute(queue, "events"))).containsExactly("s3:ObjectCreated:*");

        HCLBlock lifecycle =
                module.resource("aws_s3_bucket_lifecycle_configuration.records").symbol();
        assertThat(nested(lifecycle, "rule"))
                .as("a rule expires the Firehose error prefix")
                .anySatisfy(
                        rule -> {
                            assertThat(targets(attribute(path(rule, "filter"), "prefix")))
                                    .containsExactly("var.firehose_error_prefix");
                            assertThat(nested(rule, "expiration")).hasSize(1);
                        });
    }

    // ------------------------------------------------------------------ helpers

    static HCLBlock app() {
        List<TfModule.Block> apps =
                module.blocks("resource").stream()
                        .filter(b -> b.labels().get(1).equals("aws_kinesisanalyticsv2_application"))
                        .toList();
        assertThat(apps).hasSize(1);
        return apps.get(0).symbol();
    }

    static TfModule.Block exampleCall() {
        List<TfModule.Block> calls =
                example.blocks("module").stream()
                        .filter(
                                b ->
                                        EXAMPLE.resolve(literal(attribute(b.symbol(), "source")))
                                                .normalize()
                                                .equals(MODULE))
                        .toList();
        assertThat(calls).as("the example calls the module").hasSize(1);
        return calls.get(0);
    }

    private static String defaultOf(String variable) {
        String name = variable.startsWith("var.") ? variable.substring(4) : variable;
        return FlinkProperties.eval(
                attribute(module.byAddress("variable").get(name).symbol(), "default"),
                module,
                null);
    }

    private static String single(Set<String> set) {
        assertThat(set).hasSize(1);
        return set.iterator().next();
    }

    private static boolean hasTfFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> p.toString().endsWith(".tf"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** References that name nothing declared in the module (or in a called module's outputs). */
    static List<String> unresolved(TfModule m) throws IOException {
        Set<String> iterators = new TreeSet<>(m.forVariables);
        m.blocks.forEach(b -> collectDynamicLabels(b.symbol(), iterators));
        Set<String> resourceTypes = new TreeSet<>();
        m.blocks("resource").forEach(b -> resourceTypes.add(b.labels().get(1)));
        List<String> problems = new ArrayList<>();
        for (TfModule.Block b : m.blocks) {
            for (List<String> ref : references(b.symbol())) {
                String root = ref.get(0);
                String where =
                        m.dir
                                + "/"
                                + b.file().getFileName()
                                + " "
                                + b.address()
                                + ": "
                                + String.join(".", ref);
                boolean ok =
                        switch (root) {
                            case "var" ->
                                    ref.size() >= 2
                                            && m.byAddress("variable").containsKey(ref.get(1));
                            case "local" -> ref.size() >= 2 && m.locals().containsKey(ref.get(1));
                            case "data" ->
                                    m.byAddress("data").containsKey(target(ref).substring(5));
                            case "module" -> moduleOutputExists(m, ref);
                            default ->
                                    META_ROOTS.contains(root)
                                            || iterators.contains(root)
                                            || (resourceTypes.contains(root)
                                                    && ref.size() >= 2
                                                    && m.byAddress("resource")
                                                            .containsKey(target(ref)));
                        };
                if (!ok) {
                    problems.add(where);
                }
            }
        }
        return problems;
    }

    private static boolean moduleOutputExists(TfModule m, List<String> ref) throws IOException {
        TfModule.Block call = ref.size() >= 2 ? m.byAddress("module").get(ref.get(1)) : null;
        if (call == null) {
            return false;
        }
        String source = literal(attribute(call.symbol(), "source"));
        if (ref.size() < 3 || source == null || !source.startsWith(".")) {
            return ref.size() >= 2;
        }
        return TfModule.load(m.dir.resolve(source).normalize())
                .byAddress("output")
                .containsKey(ref.get(2));
    }

    private static void collectDynamicLabels(Symbol s, Set<String> labels) {
        if (s instanceof HCLBlock b
                && b.blockNames.size() == 2
                && b.blockNames.get(0).equals("dynamic")) {
            String iterator = literal(attribute(b, "iterator"));
            labels.add(iterator != null ? iterator : b.blockNames.get(1));
        }
        children(s).forEach(c -> collectDynamicLabels(c, labels));
    }
}
