package dev.imageingest.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imageingest.model.ImageRequest;
import dev.imageingest.model.PathRecord;
import dev.imageingest.model.SqsMessage;
import dev.imageingest.model.SqsReceipt;
import dev.imageingest.retry.DeadLetter;
import dev.imageingest.retry.HandBack;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records between operators must use Flink's POJO serializer, never the Kryo fallback. */
class FlinkTypesTest {
    @ParameterizedTest
    @ValueSource(
            classes = {
                SqsMessage.class,
                ImageRequest.class,
                PathRecord.class,
                SqsReceipt.class,
                HandBack.class,
                DeadLetter.class
            })
    void streamTypesArePojosNotGeneric(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class).isNotInstanceOf(GenericTypeInfo.class);
    }
}
