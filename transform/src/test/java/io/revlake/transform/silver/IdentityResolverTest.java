package io.revlake.transform.silver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revlake.transform.silver.IdentityResolver.CustomerRecord;
import io.revlake.transform.silver.IdentityResolver.Entry;
import io.revlake.transform.silver.IdentityResolver.Pin;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Identity resolution on hand-made records: each case says which keys tie which records and what must come out. */
class IdentityResolverTest {
    static final List<String> SOURCES = List.of("canonical", "stripe", "salesforce", "erp", "hubspot", "zuora");

    static CustomerRecord rec(String source, String id, String crm, String billing, String erp) {
        return new CustomerRecord(source, id, crm, billing, erp);
    }

    /** {@code source/id → customer status} per entry, in output order. */
    static List<String> summary(List<Entry> entries) {
        return entries.stream().map(e -> e.source() + "/" + e.sourceCustomerId() + " → " + e.customerId() + " " + e.status())
                .toList();
    }

    static Entry entry(List<Entry> entries, String source, String id) {
        return entries.stream().filter(e -> e.source().equals(source) && e.sourceCustomerId().equals(id)).findFirst()
                .orElseThrow();
    }

    @Test
    void explicit_keys_join_crm_billing_and_erp_records_under_the_crm_id() {
        // Stripe cus_A says crm 001A; the Salesforce account 001A says ERP NS-1; the ERP customer NS-1 exists.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("stripe", "cus_A", "001A", "cus_A", null),
                rec("salesforce", "001A", "001A", null, "NS-1"),
                rec("erp", "NS-1", null, null, "NS-1")), List.of());
        assertThat(summary(out)).containsExactly("erp/NS-1 → 001A matched", "salesforce/001A → 001A matched",
                "stripe/cus_A → 001A matched");
        assertThat(out).allSatisfy(e -> assertThat(e.linkedBy()).isEqualTo("billing:cus_A, crm:001A, erp:NS-1"));
        assertThat(out).allSatisfy(e -> assertThat(e.detail()).isEmpty());
    }

    @Test
    void records_sharing_a_key_no_record_owns_are_one_customer_and_the_claim_is_reported() {
        // Stripe cus_B and Zuora Z1 both say ERP E9; no ERP record E9 was ingested. Two billing sources may hold one
        // customer; the billing id of the first source by name names it.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("stripe", "cus_B", null, "cus_B", "E9"),
                rec("zuora", "Z1", null, "Z1", "E9")), List.of());
        assertThat(summary(out)).containsExactly("stripe/cus_B → cus_B matched", "zuora/Z1 → cus_B matched");
        assertThat(entry(out, "zuora", "Z1").detail()).isEqualTo("claims erp E9, which no ingested record has");
    }

    @Test
    void one_key_claimed_by_two_customers_is_a_conflict_and_nothing_is_merged() {
        // Salesforce accounts 001 and 002 both say billing cus_A.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("salesforce", "001", "001", "cus_A", null),
                rec("salesforce", "002", "002", "cus_A", null),
                rec("stripe", "cus_A", null, "cus_A", null)), List.of());
        assertThat(summary(out)).containsExactly("salesforce/001 → 001 conflict", "salesforce/002 → 002 conflict",
                "stripe/cus_A → cus_A conflict");
        assertThat(entry(out, "stripe", "cus_A").detail()).isEqualTo("not merged: the records linked by billing:cus_A, "
                + "crm:001, crm:002 hold two salesforce customers 001 and 002 (fix the source keys, or place the records "
                + "in the mapping file)");
    }

    @Test
    void one_record_claiming_two_customers_is_a_conflict() {
        // Stripe cus_C says crm 003 (an account that exists); ERP E3 says billing cus_C but crm 004, which nobody has.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("stripe", "cus_C", "003", "cus_C", null),
                rec("erp", "E3", "004", "cus_C", "E3"),
                rec("salesforce", "003", "003", null, null)), List.of());
        assertThat(out).extracting(Entry::status).containsOnly(IdentityResolver.CONFLICT);
        assertThat(entry(out, "erp", "E3").detail()).isEqualTo("not merged: the records linked by billing:cus_C, "
                + "crm:003, crm:004, erp:E3 hold two crm ids 003 and 004 (fix the source keys, or place the records in "
                + "the mapping file); claims crm 004, which no ingested record has");
    }

    @Test
    void a_record_no_key_links_is_unmatched_and_names_matching_names_are_ignored() {
        // Same name, no shared key: never merged.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("hubspot", "123", "123", null, null),
                rec("zuora", "Z2", "999", "Z2", null)), List.of());
        assertThat(summary(out)).containsExactly("hubspot/123 → 123 unmatched", "zuora/Z2 → Z2 unmatched");
        assertThat(entry(out, "zuora", "Z2").detail()).isEqualTo("no other record shares a key with it; claims crm 999, "
                + "which no ingested record has");
        assertThat(entry(out, "hubspot", "123").detail()).isEqualTo("no other record shares a key with it");
    }

    @Test
    void the_mapping_file_joins_records_without_keys_and_names_the_customer() {
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("stripe", "cus_X", null, "cus_X", null),
                rec("erp", "E7", null, null, "E7")),
                List.of(new Pin("stripe", "cus_X", "ACME", 2), new Pin("erp", "E7", "ACME", 3)));
        assertThat(summary(out)).containsExactly("erp/E7 → ACME matched", "stripe/cus_X → ACME matched");
        assertThat(entry(out, "erp", "E7").linkedBy()).isEqualTo("billing:cus_X, erp:E7, mapping line 2, mapping line 3");
    }

    @Test
    void the_mapping_file_overrides_a_wrong_claim_and_resolves_the_conflict() {
        // As in the conflict above, but the file places account 002 on its own: its claim of cus_A is not followed.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("salesforce", "001", "001", "cus_A", null),
                rec("salesforce", "002", "002", "cus_A", null),
                rec("stripe", "cus_A", null, "cus_A", null)), List.of(new Pin("salesforce", "002", "002", 2)));
        assertThat(summary(out)).containsExactly("salesforce/001 → 001 matched", "salesforce/002 → 002 matched",
                "stripe/cus_A → 001 matched");
        assertThat(entry(out, "salesforce", "002").linkedBy()).isEqualTo("crm:002, mapping line 2");
    }

    @Test
    void two_mapping_file_ids_in_one_customer_conflict_and_unknown_records_are_reported() {
        // The file puts cus_Y in A and account 005 in B, but ERP E5 ties them together by its keys.
        List<Entry> out = IdentityResolver.resolve(List.of(
                rec("stripe", "cus_Y", null, "cus_Y", null),
                rec("salesforce", "005", "005", null, null),
                rec("erp", "E5", "005", "cus_Y", "E5")),
                List.of(new Pin("stripe", "cus_Y", "A", 2), new Pin("salesforce", "005", "B", 3),
                        new Pin("zuora", "Z404", "A", 4)));
        assertThat(summary(out)).containsExactly("erp/E5 → E5 conflict", "salesforce/005 → 005 conflict",
                "stripe/cus_Y → cus_Y conflict", "zuora/Z404 → A unknown_record");
        assertThat(entry(out, "stripe", "cus_Y").detail()).contains("two mapping-file customer ids A and B");
        assertThat(entry(out, "zuora", "Z404").detail())
                .isEqualTo("mapping file line 4 names zuora customer Z404, which no ingested source has");
    }

    @Test
    void every_record_appears_once_in_the_map() {
        List<CustomerRecord> records = List.of(rec("stripe", "a", "1", null, null), rec("salesforce", "1", "1", null, null),
                rec("salesforce", "2", "2", null, null), rec("erp", "e", null, null, null));
        List<Entry> out = IdentityResolver.resolve(records, List.of());
        assertThat(out.stream().map(e -> e.source() + "/" + e.sourceCustomerId()).collect(Collectors.toSet()))
                .hasSize(records.size());
        assertThat(out).hasSize(records.size());
    }

    @Test
    void the_mapping_file_is_read_strictly_naming_the_line() {
        assertThat(IdentityResolver.parsePins("source,source_id,customer_id\nStripe,cus_1,C1\n\nerp,E1,C1\n",
                "identity.csv", SOURCES)).containsExactly(new Pin("stripe", "cus_1", "C1", 2), new Pin("erp", "E1", "C1", 4));
        assertThatThrownBy(() -> IdentityResolver.parsePins("source,source_id,customer_id\nstrpe,cus_1,C1\n",
                "identity.csv", SOURCES)).hasMessage("Cannot read identity.csv line 2: source 'strpe' is not one of "
                + "canonical, stripe, salesforce, erp, hubspot, zuora");
        assertThatThrownBy(() -> IdentityResolver.parsePins("source,source_id,customer_id\nstripe,,C1\n",
                "identity.csv", SOURCES)).hasMessage("Cannot read identity.csv line 2: source_id is required but empty");
        assertThatThrownBy(() -> IdentityResolver.parsePins("source,source_id,customer_id\nstripe,cus_1,C1\nstripe,cus_1,C2\n",
                "identity.csv", SOURCES)).hasMessage("Cannot read identity.csv line 3: stripe cus_1 is given customer C2 "
                + "but line 2 gives it C1");
        assertThatThrownBy(() -> IdentityResolver.parsePins("system,id\nstripe,cus_1\n", "identity.csv", SOURCES))
                .hasMessage("Cannot read identity.csv: the header must name source, source_id, customer_id (found: system, id)");
    }
}
