package io.revlake.transform.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.catalog.CanonicalEntity;
import io.revlake.catalog.Tables;
import io.revlake.spark.DeltaTables;
import io.revlake.spark.SparkSchemas;
import io.revlake.spark.SparkSessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changed rows → the customers they concern: directly, or through their invoice, contract or opportunity. */
class CustomerLinkTest {
    @TempDir
    Path tmp;

    @Test
    void every_entity_has_a_link_to_customers_or_is_company_wide() {
        assertThat(CustomerLink.of(CanonicalEntity.PAYMENTS)).contains(new CustomerLink("customer_id", Optional.empty()));
        assertThat(CustomerLink.of(CanonicalEntity.CREDIT_NOTES))
                .contains(new CustomerLink("invoice_id", Optional.of(CanonicalEntity.INVOICES)));
        assertThat(CustomerLink.of(CanonicalEntity.INVOICE_LINES))
                .contains(new CustomerLink("invoice_id", Optional.of(CanonicalEntity.INVOICES)));
        assertThat(CustomerLink.of(CanonicalEntity.OBLIGATIONS))
                .contains(new CustomerLink("contract_id", Optional.of(CanonicalEntity.CONTRACTS)));
        for (CanonicalEntity e : List.of(CanonicalEntity.OPPORTUNITY_LINES, CanonicalEntity.QUOTES,
                CanonicalEntity.OPPORTUNITY_STAGE_HISTORY)) {
            assertThat(CustomerLink.of(e)).as(e.fileStem())
                    .contains(new CustomerLink("opportunity_id", Optional.of(CanonicalEntity.OPPORTUNITIES)));
        }
        // a journal line names its customer when it has one (AR lines); the others have none
        assertThat(CustomerLink.of(CanonicalEntity.JOURNAL_LINES)).contains(new CustomerLink("customer_id", Optional.empty()));
        assertThat(CustomerLink.of(CanonicalEntity.PRODUCTS)).isEmpty();
        assertThat(CustomerLink.of(CanonicalEntity.FX_RATES)).isEmpty();
        assertThat(CustomerLink.of(CanonicalEntity.EXPENSES)).isEmpty();
        for (CanonicalEntity e : CanonicalEntity.values()) {
            CustomerLink.of(e).ifPresent(link -> {
                assertThat(e.fieldNames()).as(e + " has the link column").contains(link.column());
                link.through().ifPresent(t -> assertThat(t.key()).containsExactly(link.column()));
            });
        }
    }

    @Test
    void payments_name_their_customer_and_credit_notes_reach_it_through_their_invoice() {
        SparkSession spark = SparkSessions.shared();
        String warehouse = tmp.toString();
        DeltaTables.overwrite(silver(spark, CanonicalEntity.INVOICES,
                        List.of(List.of("invoice_id", "INV-1", "customer_id", "C-1"),
                                List.of("invoice_id", "INV-2", "customer_id", "C-2"))),
                Tables.silver(CanonicalEntity.INVOICES), warehouse);

        Dataset<Row> payments = silver(spark, CanonicalEntity.PAYMENTS,
                List.of(List.of("payment_id", "P-1", "customer_id", "C-9", "invoice_id", "INV-1")));
        assertThat(IncrementalRefresh.customersOf(spark, warehouse, CanonicalEntity.PAYMENTS, payments))
                .containsExactly("C-9");

        Dataset<Row> creditNotes = silver(spark, CanonicalEntity.CREDIT_NOTES,
                List.of(List.of("credit_note_id", "CN-1", "invoice_id", "INV-2"),
                        List.of("credit_note_id", "CN-2", "invoice_id", "INV-2"),
                        List.of("credit_note_id", "CN-3", "invoice_id", "INV-404")));
        assertThat(IncrementalRefresh.customersOf(spark, warehouse, CanonicalEntity.CREDIT_NOTES, creditNotes))
                .containsExactly("C-2");

        DeltaTables.overwrite(silver(spark, CanonicalEntity.OPPORTUNITIES,
                        List.of(List.of("opportunity_id", "006A", "customer_id", "C-1"))),
                Tables.silver(CanonicalEntity.OPPORTUNITIES), warehouse);
        Dataset<Row> lines = silver(spark, CanonicalEntity.OPPORTUNITY_LINES,
                List.of(List.of("line_id", "00k1", "opportunity_id", "006A"),
                        List.of("line_id", "00k2", "opportunity_id", "006-unknown")));
        assertThat(IncrementalRefresh.customersOf(spark, warehouse, CanonicalEntity.OPPORTUNITY_LINES, lines))
                .containsExactly("C-1");

        Dataset<Row> rates = silver(spark, CanonicalEntity.FX_RATES, List.of());
        assertThat(IncrementalRefresh.customersOf(spark, warehouse, CanonicalEntity.FX_RATES, rates)).isEmpty();
    }

    /** Silver rows with the given columns set (name, value pairs) and every other column null. */
    static Dataset<Row> silver(SparkSession spark, CanonicalEntity entity, List<List<String>> rows) {
        StructType schema = SparkSchemas.schema(Tables.silver(entity));
        List<Row> out = new ArrayList<>();
        for (List<String> pairs : rows) {
            Object[] values = new Object[schema.fields().length];
            for (int i = 0; i < pairs.size(); i += 2) {
                values[schema.fieldIndex(pairs.get(i))] = pairs.get(i + 1);
            }
            out.add(RowFactory.create(values));
        }
        return spark.createDataFrame(out, schema.asNullable());
    }
}
