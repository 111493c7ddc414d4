package io.revlake.api.mrr;

import static org.assertj.core.api.Assertions.assertThat;

import io.revlake.api.GoldFixture;
import io.revlake.api.gold.DeltaGoldReader;
import io.revlake.api.gold.GoldSnapshot;
import io.revlake.api.gold.GoldStore;
import io.revlake.catalog.Tables;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The customer list's order is sorted on a new snapshot before it is swapped in, for every month the serving snapshot
 * was asked: the first list requests after a publish do not queue behind one sort of the new table, and the order they
 * get is the new data's.
 */
class CustomerListWarmUpTest {

    @Test
    void a_new_snapshot_is_served_with_the_asked_months_already_sorted_from_its_own_data() {
        Path warehouse = GoldFixture.copyOfShared("customer-warm-up");
        MrrService service = new MrrService(() -> null, "USD");
        AtomicInteger warmed = new AtomicInteger(-1);
        try (GoldStore store = new GoldStore(new DeltaGoldReader(warehouse.toString()), Tables.GOLD, Clock.systemUTC())) {
            store.beforeSwap(next -> warmed.set(service.warmCustomerOrder(store.current(), next)));
            GoldSnapshot before = store.current();
            Optional<YearMonth> april = Optional.of(YearMonth.of(2024, 4));
            // April, largest MRR first: c-003 1,234.50, c-002 300.07, c-001 150.00, c-004 10.00
            assertThat(ids(service.customers(before, april, 0, 2))).containsExactly("c-003", "c-002");
            assertThat(service.hasCustomerOrder(before, "2024-04")).isTrue();
            assertThat(service.hasCustomerOrder(before, "2024-03")).as("never asked").isFalse();

            // A new version of the customer months: c-001 grows to 500.00 in April and overtakes c-002.
            GoldFixture.write(warehouse, Tables.MRR_CUSTOMER_MONTH,
                    GoldFixture.customerMonthsWithMrr("2024-04", "c-001", "500.00"));
            assertThat(store.refresh()).isTrue();
            GoldSnapshot after = store.current();

            assertThat(warmed.get()).as("months sorted before the swap").isEqualTo(1);
            assertThat(service.hasCustomerOrder(after, "2024-04")).as("ready before any request").isTrue();
            assertThat(service.hasCustomerOrder(after, "2024-03")).isFalse();
            CustomersResponse page = service.customers(after, april, 0, 4);
            assertThat(ids(page)).containsExactly("c-003", "c-001", "c-002", "c-004");
            assertThat(page.total()).isEqualTo(4);
            // the serving snapshot's order is kept for requests that still hold it
            assertThat(ids(service.customers(before, april, 0, 4))).containsExactly("c-003", "c-002", "c-001", "c-004");

            // nothing to warm when the table did not change
            assertThat(service.warmCustomerOrder(after, after)).isZero();
        }
    }

    private static List<Object> ids(CustomersResponse r) {
        return r.rows().stream().map(row -> row.get("customer_id")).toList();
    }
}
