package dev.imageingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The shipped sample configurations must load and validate as they are. */
class DeployAssetsTest {

    @Test
    void managedFlinkPropertiesValidateThroughTheRuntimeLibrary() throws Exception {
        Map<String, Properties> groups =
                KinesisAnalyticsRuntime.getApplicationProperties(
                        Path.of("deploy/managed-flink/application-properties.json").toString());
        assertThat(groups).containsKey(ConfigLoader.MSF_GROUP);
        IngestConfig config = IngestConfig.of(ConfigLoader.fromPropertyGroups(groups));
        assertThat(config.s3().bucket()).isEqualTo("my-image-bucket");
    }

    @Test
    void clusterPropertiesFileValidates() {
        IngestConfig config =
                ConfigLoader.fromArgs(
                        new String[] {"--config", "flink-conf/image-ingest.properties"});
        assertThat(config.firehose().deliveryStream()).isEqualTo("image-path-records");
        assertThat(config.sqs().queueUrl()).endsWith("/image-records");
    }
}
