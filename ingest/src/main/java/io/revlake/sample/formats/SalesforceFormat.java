package io.revlake.sample.formats;

import static io.revlake.catalog.CanonicalEntity.CONTRACTS;
import static io.revlake.catalog.CanonicalEntity.CUSTOMERS;
import static io.revlake.catalog.CanonicalEntity.OBLIGATIONS;
import static io.revlake.catalog.CanonicalEntity.OPPORTUNITIES;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The company as a Salesforce Data Export (one CSV per object, API field names, what {@code salesforce.json} maps
 * back): {@code Account.csv}, {@code Opportunity.csv}, {@code OpportunityLineItem.csv}, {@code Product2.csv},
 * {@code Contract.csv}, {@code User.csv}. Ids are the canonical ones; custom fields carry what Salesforce has no
 * standard field for ({@code Segment__c}, {@code Region__c}, {@code Billing_Customer_Id__c},
 * {@code ERP_Customer_Id__c}, {@code Opportunity__c}, {@code Contract_Value__c},
 * {@code Revenue_Recognition_Method__c}).
 *
 * <p>What Salesforce cannot carry: a customer key apart from the CRM id (the account's {@code Id} is both, so the
 * canonical {@code crm_account_id} is lost); the owner's name (an opportunity holds {@code OwnerId}, the name is in
 * {@code User.csv}). Opportunity lines come from the obligations of the contract the opportunity closed, and the
 * products from those lines (the canonical extract has neither: they are optional CRM detail files).
 */
final class SalesforceFormat {
    private SalesforceFormat() {
    }

    private static final Map<String, String> TYPES = Map.of("new", "New Business",
            "expansion", "Existing Customer - Upgrade", "renewal", "Renewal");

    static Map<String, Long> write(CanonicalRows company, Path out) throws IOException {
        Map<String, Long> written = new LinkedHashMap<>();
        try (CsvOut a = new CsvOut(out.resolve("Account.csv"), List.of("Id", "IsDeleted", "Name", "Type",
                "BillingCountryCode", "CurrencyIsoCode", "AccountSource", "Segment__c", "Region__c",
                "Billing_Customer_Id__c", "ERP_Customer_Id__c", "CreatedDate", "LastModifiedDate", "SystemModstamp"))) {
            for (Map<String, String> c : company.of(CUSTOMERS)) {
                String created = c.get("created_at") == null ? null : Values.salesforceTimestamp(c.get("created_at"));
                String modified = c.get("updated_at") == null ? null : Values.salesforceTimestamp(c.get("updated_at"));
                a.row(c.get("customer_id"), "false", c.get("name"), "Customer", c.get("country"), c.get("currency"),
                        c.get("channel"), c.get("segment"), c.get("region"), c.get("billing_customer_id"),
                        c.get("erp_customer_id"), created, modified, modified);
            }
            written.put("Account.csv", a.rows());
        }
        Map<String, String> users = new LinkedHashMap<>();
        try (CsvOut o = new CsvOut(out.resolve("Opportunity.csv"), List.of("Id", "IsDeleted", "AccountId", "Name",
                "Type", "StageName", "IsClosed", "IsWon", "Amount", "CurrencyIsoCode", "Probability", "CloseDate",
                "CreatedDate", "OwnerId", "LeadSource", "ForecastCategoryName"))) {
            for (Map<String, String> op : company.of(OPPORTUNITIES)) {
                String owner = op.get("owner") == null ? null
                        : users.computeIfAbsent(op.get("owner"), k -> String.format("005%012d", users.size() + 1));
                boolean closed = Boolean.parseBoolean(op.get("is_closed"));
                boolean won = Boolean.parseBoolean(op.get("is_won"));
                o.row(op.get("opportunity_id"), "false", op.get("customer_id"), op.get("name"),
                        op.get("type") == null ? null : TYPES.get(op.get("type")), op.get("stage"),
                        closed, won, op.get("amount"), op.get("currency"), op.get("probability"), op.get("close_date"),
                        op.get("created_date") + "T00:00:00.000Z", owner, op.get("channel"),
                        won ? "Closed" : closed ? "Omitted" : "Pipeline");
            }
            written.put("Opportunity.csv", o.rows());
        }
        try (CsvOut u = new CsvOut(out.resolve("User.csv"), List.of("Id", "Name", "IsActive"))) {
            for (var e : users.entrySet()) {
                u.row(e.getValue(), e.getKey(), "true");
            }
            written.put("User.csv", u.rows());
        }
        Map<String, String> opportunityOfContract = new HashMap<>();
        Map<String, String> currencyOfContract = new HashMap<>();
        try (CsvOut c = new CsvOut(out.resolve("Contract.csv"), List.of("Id", "IsDeleted", "AccountId",
                "Opportunity__c", "Status", "StartDate", "EndDate", "ContractTerm", "CustomerSignedDate",
                "CurrencyIsoCode", "Contract_Value__c", "ContractNumber"))) {
            int n = 0;
            for (Map<String, String> k : company.of(CONTRACTS)) {
                LocalDate start = LocalDate.parse(k.get("start_date"));
                LocalDate endExclusive = LocalDate.parse(k.get("end_date"));
                long term = ChronoUnit.MONTHS.between(start, endExclusive);
                if (k.get("opportunity_id") != null) {
                    opportunityOfContract.put(k.get("contract_id"), k.get("opportunity_id"));
                    currencyOfContract.put(k.get("contract_id"), k.get("currency"));
                }
                // Salesforce's EndDate is the last day of the term; the canonical end is exclusive.
                c.row(k.get("contract_id"), "false", k.get("customer_id"), k.get("opportunity_id"), "Activated",
                        start, endExclusive.minusDays(1), term, k.get("signed_date"), k.get("currency"),
                        k.get("transaction_price"), String.format("%08d", ++n));
            }
            written.put("Contract.csv", c.rows());
        }
        // A product's recognition method is that of the first obligation selling it.
        Map<String, String> methodOfProduct = new LinkedHashMap<>();
        try (CsvOut l = new CsvOut(out.resolve("OpportunityLineItem.csv"), List.of("Id", "IsDeleted", "OpportunityId",
                "Product2Id", "Quantity", "UnitPrice", "TotalPrice", "ServiceDate", "CurrencyIsoCode"))) {
            for (Map<String, String> ob : company.of(OBLIGATIONS)) {
                String opportunity = opportunityOfContract.get(ob.get("contract_id"));
                if (opportunity == null) {
                    continue;
                }
                BigDecimal total = new BigDecimal(ob.get("ssp"));
                BigDecimal quantity = ob.get("quantity") == null ? BigDecimal.ONE : new BigDecimal(ob.get("quantity"));
                BigDecimal unit = quantity.signum() == 0 ? total : total.divide(quantity, 2, RoundingMode.HALF_EVEN);
                if (ob.get("product_id") != null) {
                    methodOfProduct.putIfAbsent(ob.get("product_id"), ob.get("method"));
                }
                l.row("00k" + ob.get("obligation_id"), "false", opportunity, ob.get("product_id"), quantity.toPlainString(),
                        unit.toPlainString(), total.toPlainString(), ob.get("start_date"),
                        currencyOfContract.get(ob.get("contract_id")));
            }
            written.put("OpportunityLineItem.csv", l.rows());
        }
        try (CsvOut p = new CsvOut(out.resolve("Product2.csv"), List.of("Id", "IsDeleted", "Name", "ProductCode",
                "IsActive", "Revenue_Recognition_Method__c"))) {
            for (var e : methodOfProduct.entrySet()) {
                p.row(e.getKey(), "false", e.getKey(), e.getKey(), "true", e.getValue());
            }
            written.put("Product2.csv", p.rows());
        }
        return written;
    }
}
