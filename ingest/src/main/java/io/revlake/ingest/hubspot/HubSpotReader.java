package io.revlake.ingest.hubspot;

import static io.revlake.catalog.CanonicalEntity.OPPORTUNITIES;

import io.revlake.ingest.FileRejectedException;
import io.revlake.ingest.ReasonCode;
import io.revlake.ingest.warehouse.CsvTable;
import io.revlake.ingest.warehouse.Emitter;
import io.revlake.ingest.warehouse.Values;
import io.revlake.ingest.warehouse.Values.Bad;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot deals (Fivetran {@code hubspot} connector) → opportunities. Pure functions over the tables.
 *
 * <ul>
 *   <li>{@code deal} (+ {@code deal_pipeline_stage}, {@code deal_company}): won and closed come from the deal's
 *   current stage ({@code deal_pipeline_stage_id}) in the stage table — {@code is_closed}, {@code closed_won} (else
 *   closed with probability 1.0) — never from the stage's label; probability is the stage's (0.0–1.0 → percent);
 *   the customer is the associated company (the primary one when there are several).</li>
 *   <li>{@code merged_deal}: a deal merged into another no longer exists: a tombstone of {@code merged_deal_id}.</li>
 * </ul>
 * {@code is_deleted = true} (or {@code _fivetran_deleted}) is a deletion: a tombstone of the deal.
 */
final class HubSpotReader {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /**
     * What the deal mapping needs besides the tables ({@code deals} section of {@code hubspot.json}).
     *
     * @param defaultCurrency       currency of deals without {@code deal_currency_code} (single-currency portals)
     * @param primaryAssociationIds {@code deal_company.type_id} values of the primary association
     * @param dealTypes             {@code dealtype} value (lower case) → canonical type
     */
    record DealConfig(String defaultCurrency, Set<String> primaryAssociationIds, Map<String, String> dealTypes) {
        DealConfig {
            primaryAssociationIds = Set.copyOf(primaryAssociationIds);
            dealTypes = Map.copyOf(dealTypes);
        }
    }

    private HubSpotReader() {
    }

    static boolean deleted(CsvTable.Row row) {
        return Values.isTrue(row.get("is_deleted")) || Values.isTrue(row.get("_fivetran_deleted"));
    }

    private static String first(CsvTable.Row row, String... columns) {
        for (String c : columns) {
            if (row.get(c) != null) {
                return row.get(c);
            }
        }
        return null;
    }

    /**
     * @param stages       the sibling {@code deal_pipeline_stage} table, or null
     * @param associations the sibling {@code deal_company} table, or null (deals then have no customer)
     */
    static void deals(CsvTable deals, CsvTable stages, CsvTable associations, DealConfig config, Emitter out)
            throws FileRejectedException {
        deals.require("deal_id");
        Map<String, CsvTable.Row> stageById = new HashMap<>();
        if (stages != null) {
            stages.require("stage_id", "is_closed");
            stages.rows().forEach(r -> stageById.putIfAbsent(r.get("stage_id"), r));
        }
        Map<String, List<CsvTable.Row>> companiesByDeal = new HashMap<>();
        if (associations != null) {
            associations.require("deal_id", "company_id");
            for (CsvTable.Row r : associations.rows()) {
                if (!deleted(r) && r.get("deal_id") != null && r.get("company_id") != null) {
                    companiesByDeal.computeIfAbsent(r.get("deal_id"), k -> new ArrayList<>()).add(r);
                }
            }
        }
        String stageFile = stages == null ? "deal_pipeline_stage_data.csv (not beside this file)" : stages.fileName();
        for (CsvTable.Row row : deals.rows()) {
            if (out.rejectBroken(deals, row, OPPORTUNITIES)) {
                continue;
            }
            String id = row.get("deal_id");
            Emitter.Draft d = out.draft(OPPORTUNITIES, row, "deal " + id).put("opportunity_id", id);
            if (deleted(row)) {
                d.tombstone().emit();
                continue;
            }
            String dealType = row.get("property_dealtype");
            d.put("name", row.get("property_dealname"))
                    .put("type", dealType == null ? null : config.dealTypes().get(dealType.toLowerCase(Locale.ROOT)))
                    .put("created_date", Values.date(row.get("property_createdate")))
                    .put("close_date", Values.date(row.get("property_closedate")))
                    .put("owner", first(row, "owner_id", "property_hubspot_owner_id"))
                    .put("channel", row.get("property_hs_analytics_source"))
                    .extra("type_raw", dealType).extra("pipeline_id", row.get("deal_pipeline_id"))
                    .extra("portal_id", row.get("portal_id"))
                    .extra("updated_at", Values.timestamp(row.get("property_hs_lastmodifieddate")));
            String currency = row.get("property_deal_currency_code");
            d.put("currency", Values.upper(currency != null ? currency : config.defaultCurrency()));
            customer(id, companiesByDeal.getOrDefault(id, List.of()), config, d);
            String stageId = first(row, "deal_pipeline_stage_id", "property_dealstage");
            d.put("stage", stageId);
            if (stageId != null) {
                CsvTable.Row stage = stageById.get(stageId);
                if (stage == null) {
                    d.reject(ReasonCode.MISSING_VALUE, "is_closed is unknown: stage " + stageId + " is not in "
                            + stageFile + ", which says whether a stage is closed and won");
                } else {
                    stage(stageId, stage, row.get("deal_pipeline_id"), d);
                }
            }
            try {
                d.put("amount", Values.plain(Values.number("property_amount", row.get("property_amount"))));
            } catch (Bad e) {
                d.reject(e.rejection);
            }
            d.emit();
        }
    }

    /** The deal's company: the only one associated, else the primary one; several without one primary conflict. */
    private static void customer(String dealId, List<CsvTable.Row> companies, DealConfig config, Emitter.Draft d) {
        if (companies.size() == 1) {
            d.put("customer_id", companies.get(0).get("company_id"));
            return;
        }
        if (companies.isEmpty()) {
            return;
        }
        List<String> primary = companies.stream().filter(r -> config.primaryAssociationIds().contains(r.get("type_id")))
                .map(r -> r.get("company_id")).distinct().toList();
        if (primary.size() == 1) {
            d.put("customer_id", primary.get(0));
            return;
        }
        List<String> all = companies.stream().map(r -> r.get("company_id")).distinct().toList();
        if (all.size() == 1) {
            d.put("customer_id", all.get(0));
            return;
        }
        d.reject(ReasonCode.CONFLICTING_VALUES, "deal " + dealId + " is associated with companies "
                + String.join(", ", all) + " and " + (primary.isEmpty() ? "none of them is" : primary.size() + " of them are")
                + " primary (deal_company type_id " + String.join("/", config.primaryAssociationIds().stream().sorted().toList())
                + "); mark one association primary in HubSpot");
    }

    /** Closed, won and probability from the stage's metadata. */
    private static void stage(String stageId, CsvTable.Row stage, String dealPipeline, Emitter.Draft d) {
        String stagePipeline = stage.get("pipeline_id");
        d.extra("stage_label", stage.get("label"));
        if (Values.isTrue(stage.get("_fivetran_deleted"))) {
            d.extra("stage_deleted", "true");
        }
        if (dealPipeline != null && stagePipeline != null && !dealPipeline.equals(stagePipeline)) {
            d.reject(ReasonCode.CONFLICTING_VALUES, "deal_pipeline_id is " + dealPipeline + " but its stage " + stageId
                    + " belongs to pipeline " + stagePipeline + " (a deal's stage is a stage of its pipeline)");
            return;
        }
        BigDecimal probability;
        try {
            probability = Values.number("stage probability", stage.get("probability"));
        } catch (Bad e) {
            d.reject(e.rejection);
            return;
        }
        if (probability != null && (probability.signum() < 0 || probability.compareTo(BigDecimal.ONE) > 0)) {
            d.reject(ReasonCode.OUT_OF_RANGE, "stage " + stageId + " probability " + probability.toPlainString()
                    + " is outside 0.0–1.0 (HubSpot stage probabilities are fractions, not percents)");
            return;
        }
        String closedText = stage.get("is_closed");
        if (closedText == null) {
            d.reject(ReasonCode.MISSING_VALUE, "is_closed is required but empty for stage " + stageId);
            return;
        }
        boolean closed = Values.isTrue(closedText);
        String wonText = stage.get("closed_won");
        boolean won = wonText != null ? Values.isTrue(wonText)
                : closed && probability != null && probability.compareTo(BigDecimal.ONE) == 0;
        if (won && !closed) {
            d.reject(ReasonCode.CONFLICTING_VALUES, "stage " + stageId + " has closed_won " + wonText
                    + " but is_closed " + closedText + " (a won stage is closed)");
            return;
        }
        d.put("is_closed", String.valueOf(closed)).put("is_won", String.valueOf(won))
                .put("probability", probability == null ? null : Values.plain(probability.multiply(HUNDRED).stripTrailingZeros()));
    }

    /** Each merged-away deal is a deletion of its id; the surviving deal is kept as an extra. */
    static void mergedDeals(CsvTable merged, Emitter out) throws FileRejectedException {
        merged.require("deal_id", "merged_deal_id");
        for (CsvTable.Row row : merged.rows()) {
            if (out.rejectBroken(merged, row, OPPORTUNITIES)) {
                continue;
            }
            String gone = row.get("merged_deal_id");
            out.draft(OPPORTUNITIES, row, "deal " + gone + " merged into " + row.get("deal_id"))
                    .put("opportunity_id", gone).tombstone().extra("merged_into", row.get("deal_id")).emit();
        }
    }
}
