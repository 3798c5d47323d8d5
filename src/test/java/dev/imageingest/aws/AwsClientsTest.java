package dev.imageingest.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

class AwsClientsTest {

    /**
     * An SDK client closes a closeable credentials provider it was given. The default chain is
     * shared by every client in the JVM (one background refresh thread, not one per task restart),
     * so what clients get must not be closeable, or the first closed client would stop it for all.
     */
    @Test
    void theSharedDefaultChainCannotBeClosedByAClient() {
        AwsCredentialsProvider p = AwsClients.credentials(AwsSettings.defaultChain("us-east-1"));
        assertThat(p).isNotInstanceOf(SdkAutoCloseable.class);
        assertThat(p).isNotInstanceOf(AutoCloseable.class);
    }
}
