package io.revlake.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class WarehousesTest {
    @Test
    void uris_of_any_hadoop_file_system_pass_through_unchanged() {
        for (String uri : new String[] {"s3a://bucket/wh", "abfss://c@acct.dfs.core.windows.net/wh",
                "hdfs://nn:8020/revlake/wh", "file:///data/wh", "gs://bucket/wh"}) {
            assertThat(Warehouses.hasScheme(uri)).as(uri).isTrue();
            assertThat(Warehouses.absolute(uri)).isEqualTo(uri);
        }
    }

    @Test
    void a_bare_path_is_made_absolute_against_the_working_directory() {
        assertThat(Warehouses.hasScheme("warehouse")).isFalse();
        assertThat(Warehouses.absolute("warehouse"))
                .isEqualTo(Path.of("").toAbsolutePath().resolve("warehouse").toString());
        assertThat(Warehouses.absolute("/data/wh")).isEqualTo("/data/wh");
    }

    @Test
    void a_windows_drive_letter_is_not_a_scheme() {
        assertThat(Warehouses.hasScheme("C:\\warehouse")).isFalse();
    }

    @Test
    void table_locations_under_a_uri_keep_the_scheme_and_authority() {
        assertThat(Tables.MRR_SUMMARY.location("s3a://bucket/wh/")).isEqualTo("s3a://bucket/wh/gold/mrr_summary");
        assertThat(Tables.MRR_SUMMARY.location("abfss://c@acct.dfs.core.windows.net"))
                .isEqualTo("abfss://c@acct.dfs.core.windows.net/gold/mrr_summary");
    }
}
