package dev.imageingest.deploy;

import dev.imageingest.ImageIngestJob;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS operations the job itself calls, read from the compiled classes rather than listed by
 * hand: every method reference to an AWS SDK service client ({@code software/amazon/awssdk/services
 * /<service>/<Name>Client} or {@code ...AsyncClient}) in the job's classes and in the Flink
 * connectors it ships. The operator tools ({@code dev.imageingest.tools}) run with an operator's
 * credentials, not the application role, so they are left out.
 *
 * <p>Each SDK method maps to the IAM action that authorises it; a method without a mapping fails
 * the test, so a new call cannot slip past the IAM check.
 */
final class JobAwsCalls {
    /** Connector packages whose classes call AWS with the job's role, when on the classpath. */
    private static final List<String> CONNECTOR_PACKAGES =
            List.of("org/apache/flink/connector/firehose/", "org/apache/flink/connector/sqs/");

    private static final Pattern CLIENT =
            Pattern.compile(
                    "software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+?(Async)?Client");

    /** Client methods that are no AWS operation. */
    private static final Set<String> NOT_OPERATIONS =
            Set.of("builder", "create", "close", "serviceName", "serviceClientConfiguration");

    /** SDK operation (service/method) -> IAM action; {@code ""} needs no permission. */
    private static final Map<String, String> IAM_ACTION =
            Map.ofEntries(
                    Map.entry("sqs/receiveMessage", "sqs:ReceiveMessage"),
                    Map.entry("sqs/deleteMessage", "sqs:DeleteMessage"),
                    Map.entry("sqs/deleteMessageBatch", "sqs:DeleteMessage"),
                    Map.entry("sqs/changeMessageVisibility", "sqs:ChangeMessageVisibility"),
                    Map.entry("sqs/changeMessageVisibilityBatch", "sqs:ChangeMessageVisibility"),
                    Map.entry("sqs/getQueueAttributes", "sqs:GetQueueAttributes"),
                    Map.entry("sqs/getQueueUrl", "sqs:GetQueueUrl"),
                    Map.entry("sqs/sendMessage", "sqs:SendMessage"),
                    Map.entry("sqs/sendMessageBatch", "sqs:SendMessage"),
                    Map.entry("s3/putObject", "s3:PutObject"),
                    Map.entry("s3/headObject", "s3:GetObject"),
                    Map.entry("s3/getObject", "s3:GetObject"),
                    Map.entry("s3/headBucket", "s3:ListBucket"),
                    Map.entry("s3/listObjectsV2", "s3:ListBucket"),
                    Map.entry("s3/listObjectsV2Paginator", "s3:ListBucket"),
                    Map.entry("s3/createMultipartUpload", "s3:PutObject"),
                    Map.entry("s3/uploadPart", "s3:PutObject"),
                    Map.entry("s3/completeMultipartUpload", "s3:PutObject"),
                    Map.entry("s3/abortMultipartUpload", "s3:AbortMultipartUpload"),
                    Map.entry("firehose/putRecordBatch", "firehose:PutRecordBatch"),
                    Map.entry("firehose/putRecord", "firehose:PutRecord"),
                    Map.entry("firehose/describeDeliveryStream", "firehose:DescribeDeliveryStream"),
                    Map.entry("sts/getCallerIdentity", ""));

    private JobAwsCalls() {}

    private static Map<String, Set<String>> cached;

    /** SDK operation ("service/method") -> classes calling it. */
    static synchronized Map<String, Set<String>> operations() throws IOException {
        if (cached == null) {
            cached = scan();
        }
        return cached;
    }

    private static Map<String, Set<String>> scan() throws IOException {
        Map<String, Set<String>> calls = new TreeMap<>();
        Path jobClasses = codeSource(ImageIngestJob.class);
        try (Stream<Path> files = Files.walk(jobClasses)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = jobClasses.relativize(f).toString().replace('\\', '/');
                if (name.endsWith(".class") && !name.startsWith("dev/imageingest/tools/")) {
                    try (InputStream in = Files.newInputStream(f)) {
                        collect(name, in, calls);
                    }
                }
            }
        }
        for (String pkg : CONNECTOR_PACKAGES) {
            Path jar = connectorJar(pkg);
            if (jar == null) {
                continue;
            }
            try (JarFile jf = new JarFile(jar.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) jf.stream()::iterator) {
                    if (e.getName().startsWith(pkg) && e.getName().endsWith(".class")) {
                        try (InputStream in = jf.getInputStream(e)) {
                            collect(e.getName(), in, calls);
                        }
                    }
                }
            }
        }
        return calls;
    }

    /** IAM actions authorising {@link #operations()}; fails on an operation without mapping. */
    static Set<String> iamActions() throws IOException {
        Set<String> actions = new TreeSet<>();
        for (Map.Entry<String, Set<String>> op : operations().entrySet()) {
            String action = IAM_ACTION.get(op.getKey());
            if (action == null) {
                throw new AssertionError(
                        "AWS call "
                                + op.getKey()
                                + " (in "
                                + op.getValue()
                                + ") has no IAM action mapping in JobAwsCalls; add it, then"
                                + " grant it in deploy/terraform (iam.tf)");
            }
            if (!action.isEmpty()) {
                actions.add(action);
            }
        }
        return actions;
    }

    /** The jar holding a connector package, found without loading (initialising) its classes. */
    private static Path connectorJar(String pkg) {
        String probe =
                pkg
                        + (pkg.endsWith("firehose/")
                                ? "sink/KinesisFirehoseSinkWriter"
                                : "sink/SqsSinkWriter");
        URL url = JobAwsCalls.class.getClassLoader().getResource(probe + ".class");
        if (url == null) {
            return null;
        }
        if (!url.getProtocol().equals("jar")) {
            throw new IllegalStateException("expected " + probe + " in a jar, found " + url);
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return Path.of(new URI(file));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path codeSource(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one class file's constant pool and records every SDK client method it references. */
    private static void collect(String className, InputStream in, Map<String, Set<String>> calls)
            throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != 0xCAFEBABE) {
            throw new IOException(className + " is not a class file");
        }
        data.readUnsignedShort(); // minor
        data.readUnsignedShort(); // major
        int count = data.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] memberRef = new int[count][]; // {classIndex, nameAndTypeIndex}
        int[] nameIndex = new int[count]; // NameAndType -> name index
        for (int i = 1; i < count; i++) {
            int tag = data.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = data.readUTF();
                case 7 -> classNameIndex[i] = data.readUnsignedShort();
                case 8, 16, 19, 20 -> data.readUnsignedShort();
                case 3, 4 -> data.readInt();
                case 5, 6 -> {
                    data.readLong();
                    i++; // longs and doubles take two slots
                }
                case 9, 17, 18 -> data.readInt();
                case 10, 11 ->
                        memberRef[i] =
                                new int[] {data.readUnsignedShort(), data.readUnsignedShort()};
                case 12 -> {
                    nameIndex[i] = data.readUnsignedShort();
                    data.readUnsignedShort();
                }
                case 15 -> {
                    data.readUnsignedByte();
                    data.readUnsignedShort();
                }
                default -> throw new IOException(className + ": constant pool tag " + tag);
            }
        }
        List<String> found = new ArrayList<>();
        for (int[] ref : memberRef) {
            if (ref == null) {
                continue;
            }
            Matcher m = CLIENT.matcher(utf8[classNameIndex[ref[0]]]);
            String method = utf8[nameIndex[ref[1]]];
            if (m.matches() && !NOT_OPERATIONS.contains(method)) {
                found.add(m.group(1) + "/" + method);
            }
        }
        String owner = className.replace(".class", "").replace('/', '.');
        found.forEach(op -> calls.computeIfAbsent(op, k -> new TreeSet<>()).add(owner));
    }
}
