package dev.imageingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.aws.AwsErrors.Cause;
import dev.imageingest.aws.AwsErrors.Kind;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidKmsResourceException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sqs.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sqs.model.KmsDisabledException;
import software.amazon.awssdk.services.sqs.model.KmsThrottledException;
import software.amazon.awssdk.services.sqs.model.OverLimitException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** The classifier on real SDK exception objects, built with the SDK's own builders. */
class AwsErrorsTest {

    private static AwsErrorDetails details(String code, String message) {
        return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
    }

    @Test
    void missingResourcesAreFatalAndNamed() {
        var queue =
                QueueDoesNotExistException.builder()
                        .awsErrorDetails(
                                details(
                                        "AWS.SimpleQueueService.NonExistentQueue",
                                        "The specified queue does not exist."))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(queue)).isEqualTo(Cause.NOT_FOUND);
        assertThat(AwsErrors.describe("SQS queue https://q/1/x", new CompletionException(queue)))
                .isEqualTo(
                        "SQS queue https://q/1/x: not found"
                                + " (AWS.SimpleQueueService.NonExistentQueue: The specified queue"
                                + " does not exist.)");
        var bucket =
                NoSuchBucketException.builder()
                        .awsErrorDetails(details("NoSuchBucket", null))
                        .statusCode(404)
                        .build();
        assertThat(AwsErrors.cause(bucket)).isEqualTo(Cause.NOT_FOUND);
        // HeadBucket answers 404 without a body: only the status is left
        var head = S3Exception.builder().statusCode(404).build();
        assertThat(AwsErrors.cause(head)).isEqualTo(Cause.NOT_FOUND);
        var stream =
                ResourceNotFoundException.builder()
                        .awsErrorDetails(details("ResourceNotFoundException", "Stream x not found"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.classify(new ExecutionException(stream))).isEqualTo(Kind.FATAL_CONFIG);
    }

    @Test
    void accessAndCredentialErrorsAreFatal() {
        var denied =
                SqsException.builder()
                        .awsErrorDetails(details("AccessDenied", "not authorized"))
                        .statusCode(403)
                        .build();
        assertThat(AwsErrors.cause(denied)).isEqualTo(Cause.ACCESS_DENIED);
        var forbidden = S3Exception.builder().statusCode(403).build();
        assertThat(AwsErrors.cause(forbidden)).isEqualTo(Cause.ACCESS_DENIED);
        var token =
                SqsException.builder()
                        .awsErrorDetails(details("InvalidClientTokenId", "bad token"))
                        .statusCode(403)
                        .build();
        assertThat(AwsErrors.cause(token)).isEqualTo(Cause.INVALID_CREDENTIALS);
        var none =
                SdkClientException.create(
                        "Unable to load credentials from any of the providers in the chain");
        assertThat(AwsErrors.cause(new CompletionException(none))).isEqualTo(Cause.NO_CREDENTIALS);
        assertThat(AwsErrors.isFatal(none)).isTrue();
    }

    @Test
    void kmsErrorsOnReceiveAreFatalNotRetriedForever() {
        var disabled =
                KmsDisabledException.builder()
                        .awsErrorDetails(details("KMS.DisabledException", "key disabled"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(disabled)).isEqualTo(Cause.KMS);
        assertThat(AwsErrors.isFatal(new CompletionException(disabled))).isTrue();
        // without details, the SDK's class still says KMS
        assertThat(AwsErrors.cause(KmsAccessDeniedException.builder().statusCode(400).build()))
                .isEqualTo(Cause.KMS);
        var firehoseKms =
                InvalidKmsResourceException.builder()
                        .awsErrorDetails(details("InvalidKMSResourceException", "no key"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(firehoseKms)).isEqualTo(Cause.KMS);
        var s3Kms =
                S3Exception.builder()
                        .awsErrorDetails(details("KMS.NotFoundException", "Invalid keyId"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(s3Kms)).isEqualTo(Cause.KMS);
        // but KMS throttling is throttling
        var kmsThrottled =
                KmsThrottledException.builder()
                        .awsErrorDetails(details("KMS.ThrottlingException", "slow down"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.classify(kmsThrottled)).isEqualTo(Kind.THROTTLED);
    }

    @Test
    void throttlingServerAndNetworkErrorsAreRetried() {
        var overLimit =
                OverLimitException.builder()
                        .awsErrorDetails(details("OverLimit", "too many in flight"))
                        .statusCode(403)
                        .build();
        assertThat(AwsErrors.classify(overLimit)).isEqualTo(Kind.THROTTLED);
        var slowDown =
                S3Exception.builder()
                        .awsErrorDetails(details("SlowDown", "Please reduce your request rate."))
                        .statusCode(503)
                        .build();
        assertThat(AwsErrors.classify(slowDown)).isEqualTo(Kind.THROTTLED);
        var throttled =
                SqsException.builder()
                        .awsErrorDetails(details("ThrottlingException", "Rate exceeded"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.classify(throttled)).isEqualTo(Kind.THROTTLED);
        var internal =
                FirehoseException.builder()
                        .awsErrorDetails(details("InternalFailure", "oops"))
                        .statusCode(500)
                        .build();
        assertThat(AwsErrors.cause(internal)).isEqualTo(Cause.SERVER_ERROR);
        var refused =
                SdkClientException.builder()
                        .message("Unable to execute HTTP request: Connection refused")
                        .cause(new ConnectException("Connection refused"))
                        .build();
        assertThat(AwsErrors.cause(new CompletionException(refused))).isEqualTo(Cause.UNREACHABLE);
        assertThat(AwsErrors.classify(refused)).isEqualTo(Kind.TRANSIENT);
        assertThat(AwsErrors.describe("S3 bucket b", refused))
                .startsWith("S3 bucket b: endpoint unreachable (")
                .contains("Connection refused")
                .doesNotContain("\n");
        var timeout = ApiCallTimeoutException.create(10_000);
        assertThat(AwsErrors.cause(timeout)).isEqualTo(Cause.TIMEOUT);
        assertThat(AwsErrors.classify(new IllegalStateException("other")))
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void invalidParametersAreFatalButTellableApart() {
        AwsServiceException invalid =
                SqsException.builder()
                        .awsErrorDetails(details("InvalidParameterValue", "bad value"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(invalid)).isEqualTo(Cause.INVALID_PARAMETER);
        assertThat(AwsErrors.isFatal(invalid)).isTrue();
        AwsServiceException other =
                SqsException.builder()
                        .awsErrorDetails(details("SomethingNew", "?"))
                        .statusCode(400)
                        .build();
        assertThat(AwsErrors.cause(other)).isEqualTo(Cause.CLIENT_ERROR);
    }
}
