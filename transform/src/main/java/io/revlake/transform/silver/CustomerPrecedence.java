package io.revlake.transform.silver;

import java.util.List;
import java.util.Map;

/**
 * Which record's value a merged customer of {@code silver.customers} takes, field by field, when the identity map
 * matched records of several systems into one customer (docs/connectors.md, "Identity resolution"): the first system
 * of the field's order whose record has a value. Pure.
 *
 * <p>The CRM is where sales keeps who the customer is (name, segment, region, channel, country); billing knows the
 * currency it invoices in; each system is the authority on its own id. The record of the first system of
 * {@link #RECORD_ORDER} also gives the merged row its lineage and dimension history.
 */
public final class CustomerPrecedence {
    /** Systems in order for the fields not listed in {@link #BY_FIELD}, and for the merged row's lineage. */
    public static final List<String> RECORD_ORDER = List.of("crm", "billing", "erp", "canonical");

    /** Fields whose order differs from {@link #RECORD_ORDER}. */
    public static final Map<String, List<String>> BY_FIELD = Map.of(
            "currency", List.of("billing", "erp", "crm", "canonical"),
            "billing_customer_id", List.of("billing", "crm", "erp", "canonical"),
            "erp_customer_id", List.of("erp", "crm", "billing", "canonical"));

    private CustomerPrecedence() {
    }

    /** 0 for the source whose value of {@code field} wins, then 1, …; a system not listed comes last. */
    public static int rank(String field, String source) {
        List<String> order = BY_FIELD.getOrDefault(field, RECORD_ORDER);
        int i = order.indexOf(IdentityResolver.system(source));
        return i < 0 ? order.size() : i;
    }

    /** The rank of a source's record as a whole (lineage, dimension history). */
    public static int recordRank(String source) {
        return rank("", source);
    }
}
