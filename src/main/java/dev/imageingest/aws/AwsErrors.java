package dev.imageingest.aws;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The one place AWS errors are judged, for the SQS source, the S3 store, the Firehose sink wrapper,
 * the start-up checks and the tools. Each error gets a {@link Cause} (what went wrong, in words a
 * user can act on) and from it a {@link Kind}: {@code FATAL_CONFIG} (retrying cannot help: fix the
 * setup), {@code THROTTLED} (slow down) or {@code TRANSIENT} (try again later).
 *
 * <p>Like the fatal-exception classifier chain of Flink's AWS connectors, the verdict comes from an
 * ordered list of rules, each matching some exception in the cause chain (after unwrapping {@link
 * CompletionException} and {@link ExecutionException}); the first rule that matches wins. KMS rules
 * come first, because SQS and S3 report a disabled or forbidden key with codes that otherwise look
 * like access or throttling errors, and a KMS error on receive must stop the job rather than be
 * retried forever.
 */
public final class AwsErrors {
    /** How to react. */
    public enum Kind {
        /** The setup is wrong; retrying cannot help. */
        FATAL_CONFIG,
        /** The service asks us to slow down. */
        THROTTLED,
        /** Worth retrying later (5xx, I/O, timeouts, unreachable endpoint). */
        TRANSIENT
    }

    /** What went wrong. */
    public enum Cause {
        NOT_FOUND("not found", Kind.FATAL_CONFIG),
        ACCESS_DENIED("access denied", Kind.FATAL_CONFIG),
        NO_CREDENTIALS("no credentials", Kind.FATAL_CONFIG),
        INVALID_CREDENTIALS("invalid credentials", Kind.FATAL_CONFIG),
        KMS("KMS key unusable", Kind.FATAL_CONFIG),
        INVALID_PARAMETER("invalid parameter", Kind.FATAL_CONFIG),
        THROTTLED("throttled", Kind.THROTTLED),
        UNREACHABLE("endpoint unreachable", Kind.TRANSIENT),
        TIMEOUT("no answer in time", Kind.TRANSIENT),
        SERVER_ERROR("service error", Kind.TRANSIENT),
        CLIENT_ERROR("request rejected", Kind.TRANSIENT),
        OTHER("failed", Kind.TRANSIENT);

        private final String words;
        private final Kind kind;

        Cause(String words, Kind kind) {
            this.words = words;
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** A few words for a one-line message, e.g. "access denied". */
        public String words() {
            return words;
        }
    }

    private static final Set<String> NOT_FOUND_CODES =
            Set.of(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    "QueueDoesNotExist",
                    "NonExistentQueue",
                    "NoSuchBucket",
                    "NotFound",
                    "ResourceNotFoundException",
                    "InvalidAddress");
    private static final Set<String> ACCESS_CODES =
            Set.of(
                    "AccessDenied",
                    "AccessDeniedException",
                    "AuthorizationError",
                    "AllAccessDisabled",
                    "UnauthorizedOperation",
                    "Forbidden");
    private static final Set<String> CREDENTIAL_CODES =
            Set.of(
                    "InvalidClientTokenId",
                    "UnrecognizedClientException",
                    "SignatureDoesNotMatch",
                    "InvalidAccessKeyId",
                    "InvalidSecurity",
                    "InvalidToken",
                    "ExpiredToken",
                    "ExpiredTokenException",
                    "IncompleteSignature",
                    "MissingAuthenticationToken");
    private static final Set<String> PARAMETER_CODES =
            Set.of(
                    "InvalidParameterValue",
                    "InvalidParameterException",
                    "InvalidParameterCombination",
                    "InvalidArgumentException",
                    "InvalidAttributeName",
                    "InvalidBucketName",
                    "MissingParameter",
                    "ValidationException",
                    "AWS.SimpleQueueService.UnsupportedOperation");
    private static final Set<String> THROTTLE_CODES =
            Set.of(
                    "RequestThrottled",
                    "OverLimit",
                    "KMS.ThrottlingException",
                    "ThrottledException",
                    "SlowDown",
                    "LimitExceededException",
                    "ServiceUnavailableException");
    private static final Set<String> KMS_TRANSIENT_CODES =
            Set.of("KMS.KeyUnavailableException", "KMS.DependencyTimeoutException");

    /** One rule of the chain: a test on one exception of the cause chain, and its verdict. */
    private static final class Rule {
        final Predicate<Throwable> matches;
        final Cause cause;

        Rule(Predicate<Throwable> matches, Cause cause) {
            this.matches = matches;
            this.cause = cause;
        }
    }

    private static final List<Rule> CHAIN =
            List.of(
                    new Rule(
                            t -> code(t) != null && THROTTLE_CODES.contains(code(t)),
                            Cause.THROTTLED),
                    new Rule(
                            t -> code(t) != null && KMS_TRANSIENT_CODES.contains(code(t)),
                            Cause.SERVER_ERROR),
                    new Rule(AwsErrors::isKms, Cause.KMS),
                    new Rule(
                            t -> t instanceof AwsServiceException && isThrottling(t),
                            Cause.THROTTLED),
                    new Rule(t -> codeIn(t, CREDENTIAL_CODES), Cause.INVALID_CREDENTIALS),
                    new Rule(AwsErrors::isMissingCredentials, Cause.NO_CREDENTIALS),
                    new Rule(t -> codeIn(t, NOT_FOUND_CODES) || status(t) == 404, Cause.NOT_FOUND),
                    new Rule(t -> codeIn(t, ACCESS_CODES) || status(t) == 403, Cause.ACCESS_DENIED),
                    new Rule(t -> codeIn(t, PARAMETER_CODES), Cause.INVALID_PARAMETER),
                    new Rule(t -> status(t) >= 500, Cause.SERVER_ERROR),
                    new Rule(
                            t -> status(t) >= 400 && status(t) != 408 && status(t) != 429,
                            Cause.CLIENT_ERROR),
                    new Rule(
                            t ->
                                    t instanceof ConnectException
                                            || t instanceof UnknownHostException
                                            || t instanceof UnresolvedAddressException,
                            Cause.UNREACHABLE),
                    new Rule(
                            t ->
                                    t instanceof ApiCallTimeoutException
                                            || t instanceof ApiCallAttemptTimeoutException,
                            Cause.TIMEOUT));

    private AwsErrors() {}

    /** What went wrong: the first rule of the chain that matches an exception of the chain. */
    public static Cause cause(Throwable error) {
        for (Rule rule : CHAIN) {
            for (Throwable t = unwrap(error); t != null; t = next(t)) {
                if (rule.matches.test(t)) {
                    return rule.cause;
                }
            }
        }
        return Cause.OTHER;
    }

    public static Kind classify(Throwable error) {
        return cause(error).kind();
    }

    /** True when retrying cannot help: stop (the job, the tool) and say why. */
    public static boolean isFatal(Throwable error) {
        return classify(error) == Kind.FATAL_CONFIG;
    }

    /**
     * One line naming the resource and the cause, e.g. {@code "SQS queue https://...: not found
     * (AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.)"}.
     */
    public static String describe(String resource, Throwable error) {
        return resource + ": " + cause(error).words() + " (" + detail(error) + ")";
    }

    /** The most telling part of the error: the service's code and message, or the I/O cause. */
    public static String detail(Throwable error) {
        Throwable t = unwrap(error);
        for (Throwable c = t; c != null; c = next(c)) {
            if (c instanceof AwsServiceException
                    && ((AwsServiceException) c).awsErrorDetails() != null) {
                AwsServiceException aws = (AwsServiceException) c;
                String code = aws.awsErrorDetails().errorCode();
                String message = aws.awsErrorDetails().errorMessage();
                return (code == null ? "HTTP " + aws.statusCode() : code)
                        + (message == null ? "" : ": " + oneLine(message));
            }
        }
        Throwable root = t;
        while (next(root) != null) {
            root = next(root);
        }
        String top = oneLine(String.valueOf(t.getMessage()));
        if (root != t && root.getMessage() != null && !top.contains(root.getMessage())) {
            return top + "; " + root.getClass().getSimpleName() + ": " + oneLine(root.getMessage());
        }
        return t.getClass().getSimpleName() + ": " + top;
    }

    /** Strips the wrappers async calls add ({@link CompletionException}, ...). */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable next(Throwable t) {
        Throwable c = t.getCause();
        return c == t ? null : c;
    }

    private static String code(Throwable t) {
        if (t instanceof AwsServiceException
                && ((AwsServiceException) t).awsErrorDetails() != null) {
            return ((AwsServiceException) t).awsErrorDetails().errorCode();
        }
        return null;
    }

    private static boolean codeIn(Throwable t, Set<String> codes) {
        String code = code(t);
        return code != null && codes.contains(code);
    }

    private static int status(Throwable t) {
        return t instanceof AwsServiceException ? ((AwsServiceException) t).statusCode() : 0;
    }

    private static boolean isThrottling(Throwable t) {
        try {
            return ((AwsServiceException) t).isThrottlingException();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * SQS ({@code KMS.DisabledException}, ...), S3 ({@code KMS.NotFoundException}, ...) and
     * Firehose ({@code InvalidKMSResourceException}) name KMS in the code; the SDK's SQS model
     * names it in the exception class ({@code KmsDisabledException}).
     */
    private static boolean isKms(Throwable t) {
        String code = code(t);
        if (code != null && code.toUpperCase(Locale.ROOT).contains("KMS")) {
            return true;
        }
        String name = t.getClass().getSimpleName();
        return t instanceof AwsServiceException
                && name.startsWith("Kms")
                && !name.contains("Throttl");
    }

    private static boolean isMissingCredentials(Throwable t) {
        return t instanceof SdkClientException
                && t.getMessage() != null
                && t.getMessage().contains("Unable to load credentials");
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
