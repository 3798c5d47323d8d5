package dev.imageingest.deploy;

import static dev.imageingest.deploy.TfModule.attribute;
import static dev.imageingest.deploy.TfModule.path;
import static dev.imageingest.deploy.TfModule.targets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.deploy.IamPolicies.Statement;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's IAM roles grant what their users call, on the resources they call it on, and nothing
 * broader. For the application role, "what the job calls" is read from the job's bytecode ({@link
 * JobAwsCalls}), not from a list kept by hand next to the policy.
 */
class TerraformIamTest {
    private static final String LOCAL_ACCOUNT_ARNS =
            "local.partition,local.region,local.account_id";

    /**
     * Calls the next release of the job adds (issue "Nothing lost, whatever happens"), granted now
     * so the role does not have to change with it. Everything else the job is granted must be
     * called by its bytecode.
     */
    private static final Map<String, String> ANTICIPATED =
            Map.of(
                    "sqs:ChangeMessageVisibility",
                            "visibility extension and retry backoff through SQS",
                    "sqs:GetQueueAttributes", "in-flight cap and start-up check of both queues",
                    "sqs:SendMessage",
                            "final failures to the dead-letter queue (flink-connector-sqs)",
                    "s3:ListBucket", "HeadBucket start-up check",
                    "firehose:DescribeDeliveryStream", "start-up check of the delivery stream");

    /** Job calls -> the resources (reference targets) they may be granted on. */
    private static final Map<String, Set<String>> JOB =
            Map.of(
                    "sqs:ReceiveMessage", Set.of("aws_sqs_queue.main"),
                    "sqs:DeleteMessage", Set.of("aws_sqs_queue.main"),
                    "sqs:ChangeMessageVisibility", Set.of("aws_sqs_queue.main"),
                    "sqs:GetQueueAttributes", Set.of("aws_sqs_queue.main", "aws_sqs_queue.dlq"),
                    "sqs:SendMessage", Set.of("aws_sqs_queue.dlq"),
                    "s3:PutObject", Set.of("local.image_objects"),
                    "s3:ListBucket", Set.of("aws_s3_bucket.images"),
                    "firehose:PutRecordBatch",
                            Set.of("aws_kinesis_firehose_delivery_stream.records"),
                    "firehose:DescribeDeliveryStream",
                            Set.of("aws_kinesis_firehose_delivery_stream.records"));

    /** What Managed Flink does with the application role: load the jar, log, KMS, VPC ENIs. */
    private static final Map<String, Set<String>> PLATFORM =
            Map.ofEntries(
                    Map.entry("s3:GetObject", Set.of("local.jar_object_arn")),
                    Map.entry("s3:GetObjectVersion", Set.of("local.jar_object_arn")),
                    Map.entry("logs:DescribeLogGroups", Set.of(LOCAL_ACCOUNT_ARNS.split(","))),
                    Map.entry("logs:DescribeLogStreams", Set.of("aws_cloudwatch_log_group.app")),
                    Map.entry("logs:PutLogEvents", Set.of("aws_cloudwatch_log_stream.app")),
                    Map.entry("kms:Decrypt", Set.of("var.kms_key_arn")),
                    Map.entry("kms:GenerateDataKey", Set.of("var.kms_key_arn")),
                    Map.entry("ec2:DescribeVpcs", Set.of()),
                    Map.entry("ec2:DescribeSubnets", Set.of()),
                    Map.entry("ec2:DescribeSecurityGroups", Set.of()),
                    Map.entry("ec2:DescribeDhcpOptions", Set.of()),
                    Map.entry("ec2:DescribeNetworkInterfaces", Set.of()),
                    Map.entry("ec2:CreateNetworkInterface", eniTargets()),
                    Map.entry("ec2:CreateNetworkInterfacePermission", eniTargets()),
                    Map.entry("ec2:DeleteNetworkInterface", eniTargets()));

    /** EC2 Describe* actions support no resource-level permissions: the only "*" allowed. */
    private static final Set<String> STAR_RESOURCE_ONLY =
            Set.of(
                    "ec2:DescribeVpcs",
                    "ec2:DescribeSubnets",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeDhcpOptions",
                    "ec2:DescribeNetworkInterfaces");

    /** AWS's documented S3-destination permissions for Firehose, narrowed to bucket/prefixes. */
    private static final Map<String, Set<String>> FIREHOSE =
            Map.of(
                    "s3:GetBucketLocation", Set.of("aws_s3_bucket.records"),
                    "s3:ListBucket", Set.of("aws_s3_bucket.records"),
                    "s3:ListBucketMultipartUploads", Set.of("aws_s3_bucket.records"),
                    "s3:AbortMultipartUpload",
                            Set.of("local.records_objects", "local.error_objects"),
                    "s3:GetObject", Set.of("local.records_objects", "local.error_objects"),
                    "s3:PutObject", Set.of("local.records_objects", "local.error_objects"),
                    "logs:PutLogEvents", Set.of("aws_cloudwatch_log_stream.firehose"),
                    "kms:Decrypt", Set.of("var.kms_key_arn"),
                    "kms:GenerateDataKey", Set.of("var.kms_key_arn"));

    /** Snowflake's documented permissions for loading from a stage: read and list the prefix. */
    private static final Map<String, Set<String>> SNOWFLAKE =
            Map.of(
                    "s3:GetObject", Set.of("local.records_objects"),
                    "s3:GetObjectVersion", Set.of("local.records_objects"),
                    "s3:ListBucket", Set.of("aws_s3_bucket.records"),
                    "s3:GetBucketLocation", Set.of("aws_s3_bucket.records"),
                    "kms:Decrypt", Set.of("var.kms_key_arn"));

    private static TfModule module;

    @BeforeAll
    static void load() throws IOException {
        module = TfModule.load(TerraformModuleTest.MODULE);
        TerraformModuleTest.load();
    }

    @Test
    void jobGrantsAreExactlyTheCallsInTheJobsBytecodePlusTheAnnouncedOnes() throws IOException {
        Set<String> called = JobAwsCalls.iamActions();
        Set<String> expected = new TreeSet<>(called);
        expected.addAll(ANTICIPATED.keySet());
        assertThat(new TreeSet<>(JOB.keySet()))
                .as("job grants vs calls found in the bytecode %s", JobAwsCalls.operations())
                .isEqualTo(expected);
    }

    @Test
    void rolesAreTheApplicationsFirehosesAndSnowflakesEachWithItsOwnDocument() {
        Map<String, List<String>> roles = IamPolicies.policiesByRole(module);
        assertThat(roles)
                .containsOnly(
                        Map.entry("app", List.of("app")),
                        Map.entry("firehose", List.of("firehose")),
                        Map.entry("snowflake", List.of("snowflake")));
        assertThat(targets(attribute(TerraformModuleTest.app(), "service_execution_role")))
                .containsExactly("aws_iam_role.app");
        var stream = module.resource("aws_kinesis_firehose_delivery_stream.records").symbol();
        assertThat(targets(attribute(path(stream, "extended_s3_configuration"), "role_arn")))
                .containsExactly("aws_iam_role.firehose");
    }

    @Test
    void applicationRoleGrantsTheJobsCallsAndManagedFlinksOnTheirResourcesOnly() {
        List<Statement> statements = IamPolicies.statements(module, "app");
        Map<String, Set<String>> allowed = merge(JOB, PLATFORM);
        assertThat(problems(statements, allowed)).isEmpty();
        assertThat(granted(statements)).containsAll(JOB.keySet()).isEqualTo(allowed.keySet());
    }

    @Test
    void firehoseRoleGrantsOnlyTheS3DestinationPermissionsOnTheRecordsBucket() {
        List<Statement> statements = IamPolicies.statements(module, "firehose");
        assertThat(problems(statements, FIREHOSE)).isEmpty();
        assertThat(granted(statements)).isEqualTo(FIREHOSE.keySet());
        assertThat(statements)
                .filteredOn(s -> s.actions().stream().anyMatch(a -> a.startsWith("kms:")))
                .allSatisfy(s -> assertThat(s.conditionKeys()).contains("kms:ViaService"));
    }

    @Test
    void snowflakeRoleOnlyListsAndReadsTheRecordsPrefix() {
        List<Statement> statements = IamPolicies.statements(module, "snowflake");
        assertThat(problems(statements, SNOWFLAKE)).isEmpty();
        assertThat(granted(statements)).isEqualTo(SNOWFLAKE.keySet());
        assertThat(statements)
                .filteredOn(s -> s.actions().contains("s3:ListBucket"))
                .singleElement()
                .satisfies(s -> assertThat(s.conditionKeys()).containsExactly("s3:prefix"));
    }

    @Test
    void trustPoliciesLetOnlyTheirServiceOrSnowflakeAssumeTheRole() {
        Map<String, String> principal =
                Map.of(
                        "app", "Service:[kinesisanalytics.amazonaws.com]",
                        "firehose", "Service:[firehose.amazonaws.com]",
                        "snowflake",
                                "AWS:[local.account_id, local.partition, var.snowflake_iam_user_arn]");
        Map<String, String> condition =
                Map.of(
                        "app",
                        "aws:SourceArn",
                        "firehose",
                        "sts:ExternalId",
                        "snowflake",
                        "sts:ExternalId");
        for (String role : principal.keySet()) {
            List<Statement> trust =
                    IamPolicies.statements(module, IamPolicies.trustDocument(module, role));
            assertThat(trust)
                    .as(role)
                    .singleElement()
                    .satisfies(
                            s -> {
                                assertThat(s.actions()).containsExactly("sts:AssumeRole");
                                assertThat(s.principals()).containsExactly(principal.get(role));
                                assertThat(s.conditionKeys()).contains(condition.get(role));
                            });
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Every way an Allow statement is broader than the spec; empty when it is not. */
    private static List<String> problems(
            List<Statement> statements, Map<String, Set<String>> allowed) {
        List<String> problems = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.effect().equals("Allow")) {
                problems.add(s + ": only Allow statements belong in a role policy");
                continue;
            }
            if (s.actions().isEmpty()
                    || (s.resourceTargets().isEmpty() && s.resourceLiterals().isEmpty())) {
                problems.add(s + ": needs actions and resources");
            }
            if (!s.principals().isEmpty()) {
                problems.add(s + ": principals belong in trust policies");
            }
            for (String action : s.actions()) {
                if (action.contains("*") || action.contains("?")) {
                    problems.add(s + ": wildcard action " + action);
                } else if (!allowed.containsKey(action)) {
                    problems.add(s + ": " + action + " is not needed");
                } else if (!allowed.get(action).containsAll(s.resourceTargets())) {
                    problems.add(
                            s
                                    + ": "
                                    + action
                                    + " on "
                                    + s.resourceTargets()
                                    + ", allowed only on "
                                    + allowed.get(action));
                }
                for (String literal : s.resourceLiterals()) {
                    if (!(literal.equals("*") && STAR_RESOURCE_ONLY.contains(action))) {
                        problems.add(s + ": " + action + " on literal resource '" + literal + "'");
                    }
                }
            }
        }
        return problems;
    }

    private static Set<String> granted(List<Statement> statements) {
        Set<String> actions = new TreeSet<>();
        statements.forEach(s -> actions.addAll(s.actions()));
        return actions;
    }

    private static Map<String, Set<String>> merge(
            Map<String, Set<String>> a, Map<String, Set<String>> b) {
        Map<String, Set<String>> merged = new java.util.TreeMap<>();
        for (Map<String, Set<String>> m : List.of(a, b)) {
            m.forEach((k, v) -> merged.computeIfAbsent(k, x -> new TreeSet<>()).addAll(v));
        }
        return merged;
    }

    private static Set<String> eniTargets() {
        Set<String> set = new TreeSet<>(Set.of(LOCAL_ACCOUNT_ARNS.split(",")));
        set.addAll(Set.of("var.vpc_subnet_ids", "var.vpc_security_group_ids"));
        return set;
    }
}
