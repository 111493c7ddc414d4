package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.ingest.ReasonCode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A field computed from a tiered price ({@code "tiers": {...}} in a field spec): the amount of a quantity, exactly.
 *
 * <ul>
 *   <li>{@code volume}: the whole quantity at the unit amount of the tier it falls in, plus that tier's flat amount;</li>
 *   <li>{@code graduated}: each slice of the quantity at its tier's unit amount, plus the flat amount of every tier the
 *   quantity reaches.</li>
 * </ul>
 * A tier is {@code {up_to, unit_amount(_decimal), flat_amount(_decimal)}} in minor units; {@code up_to} is inclusive,
 * null or {@code "inf"} is unbounded (the last tier). The amount is converted to major units with the currency's
 * decimals. {@code yield} picks what the field gets: {@code amount} (the total), {@code unit_amount} (total ÷ quantity
 * when that is exact within 6 decimals, else the total) or {@code quantity} (the quantity when the division is exact,
 * else 1), so that unit_amount × quantity is the total either way.
 *
 * @param paths    where the tiers array may be (first non-empty)
 * @param mode     where {@code volume}/{@code graduated} is
 * @param quantity where the quantity is (default 1)
 * @param id       the priced object's id, for messages
 * @param what     what the priced object is called, for messages
 * @param note     why tiers may be absent, appended to the message
 */
record Tiers(List<String> paths, List<String> mode, List<String> quantity, List<String> id, String what, String note,
             String yield) {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
    /** The scale of a canonical amount column. */
    static final int AMOUNT_SCALE = 6;

    static Tiers parse(String field, JsonNode n) {
        String yield = n.path("yield").asText("amount");
        if (!List.of("amount", "unit_amount", "quantity").contains(yield)) {
            throw new IllegalArgumentException(field + ": tiers yield '" + yield
                    + "' (expected amount, unit_amount or quantity)");
        }
        List<String> paths = Mapping.textList(n.path("paths"));
        List<String> mode = Mapping.textList(n.path("mode"));
        if (paths.isEmpty() || mode.isEmpty()) {
            throw new IllegalArgumentException(field + ": tiers needs \"paths\" (the tiers) and \"mode\"");
        }
        return new Tiers(paths, mode, Mapping.textList(n.path("quantity")), Mapping.textList(n.path("id")),
                n.path("what").asText("price"), n.path("note").asText(""), yield);
    }


    String evaluate(Scope s, String currency) throws MappingException {
        String modeText = s.firstText(mode);
        String qText = s.firstText(quantity);
        String idText = s.firstText(id);
        String name = what + (idText == null ? "" : " " + idText);
        if (qText != null && !NUMBER.matcher(qText.trim()).matches()) {
            throw new MappingException(ReasonCode.INVALID_NUMBER, "quantity '" + qText + "' of " + name + " is not a number");
        }
        BigDecimal q = qText == null ? BigDecimal.ONE : new BigDecimal(qText.trim());
        if (q.signum() < 0) {
            throw new MappingException(ReasonCode.NEGATIVE_VALUE, "quantity " + qText + " of " + name + " is negative");
        }
        String m = modeText == null ? null : modeText.trim().toLowerCase(Locale.ROOT);
        if (!"volume".equals(m) && !"graduated".equals(m)) {
            throw new MappingException(modeText == null ? ReasonCode.MISSING_VALUE : ReasonCode.INVALID_VALUE,
                    name + " is tiered but its tiers mode " + (modeText == null ? "is empty" : "'" + modeText + "' is unknown")
                            + " (expected volume or graduated)");
        }
        JsonNode tiers = null;
        for (String p : paths) {
            JsonNode t = s.get(p);
            if (t != null && t.isArray() && !t.isEmpty()) {
                tiers = t;
                break;
            }
        }
        if (tiers == null) {
            throw new MappingException(ReasonCode.MISSING_VALUE, name + " is tiered (" + m + ") but its tiers are not "
                    + "present" + (note.isEmpty() ? "" : " (" + note + ")") + ", so the amount of quantity "
                    + q.stripTrailingZeros().toPlainString() + " cannot be computed");
        }
        BigDecimal total = total(tiers, m, q, name).stripTrailingZeros();
        if (total.scale() < 0) {
            total = total.setScale(0);
        }
        String major = Transforms.minorUnits(total.toPlainString(), what + " tiers", currency);
        return switch (yield) {
            case "amount" -> major;
            case "unit_amount" -> {
                BigDecimal unit = exactUnit(new BigDecimal(major), q);
                yield unit == null ? major : unit.toPlainString();
            }
            default -> exactUnit(new BigDecimal(major), q) == null ? "1" : q.stripTrailingZeros().toPlainString();
        };
    }

    /** total ÷ quantity if exact within {@link #AMOUNT_SCALE} decimals, keeping at least the total's scale; else null. */
    static BigDecimal exactUnit(BigDecimal total, BigDecimal q) {
        if (q.signum() == 0) {
            return null;
        }
        try {
            BigDecimal unit = total.divide(q).stripTrailingZeros();
            if (unit.scale() > AMOUNT_SCALE) {
                return null;
            }
            return unit.scale() < total.scale() ? unit.setScale(total.scale()) : unit;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** The amount of quantity q in minor units. */
    static BigDecimal total(JsonNode tiers, String mode, BigDecimal q, String name) throws MappingException {
        List<BigDecimal[]> parsed = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            Scope t = new Scope(tiers.get(i), null);
            String upTo = t.text("up_to");
            BigDecimal bound = upTo == null || upTo.equalsIgnoreCase("inf") ? null : number(upTo, name, i, "up_to");
            if (bound == null && i < tiers.size() - 1) {
                throw new MappingException(ReasonCode.INVALID_VALUE, name + " tier " + (i + 1)
                        + " is unbounded but is not the last tier");
            }
            if (bound != null && bound.compareTo(previous) <= 0) {
                throw new MappingException(ReasonCode.INVALID_VALUE, name + " tier " + (i + 1) + " up_to " + upTo
                        + " is not above the previous tier's " + previous.toPlainString());
            }
            BigDecimal unit = amount(t, "unit_amount", name, i);
            BigDecimal flat = amount(t, "flat_amount", name, i);
            parsed.add(new BigDecimal[] {bound, unit, flat});
            if (bound != null) {
                previous = bound;
            }
        }
        BigDecimal[] last = parsed.get(parsed.size() - 1);
        if (last[0] != null && q.compareTo(last[0]) > 0) {
            throw new MappingException(ReasonCode.OUT_OF_RANGE, "quantity " + q.toPlainString() + " of " + name
                    + " is above its last tier (up to " + last[0].toPlainString() + ")");
        }
        if (mode.equals("volume")) {
            for (BigDecimal[] tier : parsed) {
                if (tier[0] == null || q.compareTo(tier[0]) <= 0) {
                    return q.multiply(tier[1]).add(tier[2]);
                }
            }
            throw new IllegalStateException("no tier");
        }
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal lower = BigDecimal.ZERO;
        for (BigDecimal[] tier : parsed) {
            if (q.compareTo(lower) <= 0) {
                break;
            }
            BigDecimal upper = tier[0] == null || q.compareTo(tier[0]) < 0 ? q : tier[0];
            total = total.add(upper.subtract(lower).multiply(tier[1])).add(tier[2]);
            lower = upper;
        }
        return total;
    }

    private static BigDecimal amount(Scope t, String field, String name, int i) throws MappingException {
        String v = t.text(field + "_decimal");
        String from = field + "_decimal";
        if (v == null) {
            v = t.text(field);
            from = field;
        }
        return v == null ? BigDecimal.ZERO : number(v, name, i, from);
    }

    private static BigDecimal number(String v, String name, int i, String field) throws MappingException {
        if (!NUMBER.matcher(v.trim()).matches()) {
            throw new MappingException(ReasonCode.INVALID_NUMBER, name + " tier " + (i + 1) + " " + field + " '" + v
                    + "' is not a number");
        }
        return new BigDecimal(v.trim());
    }
}
