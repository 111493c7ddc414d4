package io.revlake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SparkSessionsTest {
    @Test
    void delta_extension_is_the_only_one_when_the_submitter_set_none() {
        assertThat(SparkSessions.extensions(null)).isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
        assertThat(SparkSessions.extensions(" ")).isEqualTo("io.delta.sql.DeltaSparkSessionExtension");
    }

    @Test
    void delta_extension_is_appended_to_the_submitters_extensions_not_put_instead_of_them() {
        assertThat(SparkSessions.extensions("org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions"))
                .isEqualTo("org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions,"
                        + "io.delta.sql.DeltaSparkSessionExtension");
    }

    @Test
    void delta_extension_is_not_added_twice() {
        String both = "a.B, io.delta.sql.DeltaSparkSessionExtension";
        assertThat(SparkSessions.extensions(both)).isEqualTo(both);
    }
}
