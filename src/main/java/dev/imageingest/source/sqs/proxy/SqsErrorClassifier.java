package dev.imageingest.source.sqs.proxy;

import java.util.Set;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Decides whether an SQS failure is fatal (fail the job: retrying cannot help) or transient (log,
 * back off, retry). Fatal: the queue does not exist, access is denied, or credentials are invalid.
 * Everything else (throttling, 5xx, network errors) is transient.
 */
public final class SqsErrorClassifier {
    private static final Set<String> FATAL_CODES =
            Set.of(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    "QueueDoesNotExist",
                    "AccessDenied",
                    "AccessDeniedException",
                    "InvalidClientTokenId",
                    "UnrecognizedClientException",
                    "SignatureDoesNotMatch",
                    "InvalidAddress");

    private SqsErrorClassifier() {}

    public static boolean isFatal(Throwable error) {
        Throwable t =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        for (; t != null; t = t.getCause()) {
            if (t instanceof software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException) {
                return true;
            }
            if (t instanceof AwsServiceException
                    && ((AwsServiceException) t).awsErrorDetails() != null
                    && FATAL_CODES.contains(
                            ((AwsServiceException) t).awsErrorDetails().errorCode())) {
                return true;
            }
        }
        return false;
    }
}
