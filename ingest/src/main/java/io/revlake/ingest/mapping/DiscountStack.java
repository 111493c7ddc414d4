package io.revlake.ingest.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.revlake.ingest.ReasonCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every discount on a subscription item, folded into the one discount a canonical item holds
 * ({@code "discount_stack": {...}} on a rule; fields take {@code {"stack": "pct" | "amount" | "end"}}).
 *
 * <p>The discounts are taken group by group ({@code groups}: the item's own list, then the subscription's), in list
 * order, and applied one after the other, each to what the previous ones left: a percentage multiplies the amount, a
 * fixed amount is subtracted. Any such chain is {@code amount × (1 − pct/100) − fixed} for one pct and one fixed
 * amount, which is what the canonical item stores:
 * <pre>
 *   k = Π (1 − p_i/100) over the percentages;  fixed = Σ a_j × Π (1 − p_i/100) over the percentages after a_j
 *   pct = 100 × (1 − k)
 * </pre>
 * Flooring at zero after each step and flooring once at the end give the same result, because the factors are never
 * negative. A discount whose coupon is restricted to products ({@code applies_to.products}) that do not include the
 * item's product does not apply to it.
 *
 * <p>A canonical item has one discount end, so the discounts that apply must all end together (or all be
 * {@code forever}); otherwise the item is quarantined {@code NOT_APPLICABLE}, naming each discount and its end,
 * rather than stating an MRR that is right only until the first of them ends. An {@code amount_off} coupon in
 * another currency than the item's is {@code CONFLICTING_VALUES}.
 *
 * <p>End of one discount: {@code once} → its start + one billing interval of the item (the coupon discounts one
 * invoice); {@code repeating} → its {@code end}, else start + {@code duration_in_months}; otherwise its {@code end}
 * (empty for {@code forever}).
 *
 * @param groups   alternatives per group: the first that holds a discount (a non-empty list, or one object) is read;
 *                 an id in a list that is the id of an object at another alternative of its group is read from it
 * @param lookup   the lookup that resolves a discount given by id
 * @param coupon   where a discount's coupon is, relative to the discount (first non-empty)
 * @param interval the item's billing interval, for {@code once} coupons
 * @param product  the item's product id, for {@code applies_to}
 * @param currency the item's currency
 */
record DiscountStack(List<List<String>> groups, String lookup, List<String> coupon, AddInterval interval,
                     List<String> product, List<String> currency) {
    /** Scale of a canonical amount or percentage column. */
    private static final int SCALE = Tiers.AMOUNT_SCALE;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    static DiscountStack parse(String rule, JsonNode n) {
        List<List<String>> groups = new ArrayList<>();
        n.path("groups").forEach(g -> groups.add(Mapping.textList(g)));
        List<String> coupon = Mapping.textList(n.path("coupon"));
        if (groups.isEmpty() || coupon.isEmpty() || !n.has("interval")) {
            throw new IllegalArgumentException(rule + ": discount_stack needs \"groups\", \"coupon\" and \"interval\"");
        }
        return new DiscountStack(groups, n.path("lookup").asText("discount"), coupon,
                AddInterval.parse(rule + " discount_stack interval", n.get("interval")),
                Mapping.textList(n.path("product")), Mapping.textList(n.path("currency")));
    }

    /** Source paths the stack reads (the groups), for the mapped-column list. */
    List<String> paths() {
        return groups.stream().flatMap(List::stream).toList();
    }

    /** One discount that applies to the item: a percentage or a fixed amount per interval, and its end (null = none). */
    record Applied(String where, String id, BigDecimal pct, BigDecimal amount, String end) {
    }

    /** The field's value: {@code pct}, {@code amount} or {@code end} of the folded discount, or null when none applies. */
    String evaluate(Scope s, String yield) throws MappingException {
        List<Applied> applied = discounts(s);
        if (applied.isEmpty()) {
            return null;
        }
        String end = applied.get(0).end();
        for (Applied a : applied) {
            if (!Objects.equals(a.end(), end)) {
                List<String> each = applied.stream()
                        .map(x -> x.id() + " (" + x.where() + ") " + (x.end() == null ? "forever" : "until " + x.end()))
                        .toList();
                throw new MappingException(ReasonCode.NOT_APPLICABLE, "the item has " + applied.size()
                        + " stacked discounts that end on different dates: " + String.join(", ", each)
                        + "; a canonical item holds one discount end, so its MRR cannot be stated exactly");
            }
        }
        BigDecimal k = BigDecimal.ONE;
        BigDecimal fixed = BigDecimal.ZERO;
        boolean anyPct = false;
        boolean anyAmount = false;
        int amountScale = 0;
        for (Applied a : applied) {
            if (a.pct() != null) {
                BigDecimal factor = BigDecimal.ONE.subtract(a.pct().movePointLeft(2));
                k = k.multiply(factor);
                fixed = fixed.multiply(factor);
                anyPct = true;
            }
            if (a.amount() != null) {
                fixed = fixed.add(a.amount());
                anyAmount = true;
                amountScale = Math.max(amountScale, a.amount().scale());
            }
        }
        return switch (yield) {
            case "pct" -> anyPct ? plain(BigDecimal.ONE.subtract(k).multiply(HUNDRED), 0) : null;
            case "amount" -> anyAmount ? plain(fixed, amountScale) : null;
            case "end" -> end;
            default -> throw new IllegalStateException(yield);
        };
    }

    /**
     * Exact when it fits the canonical scale, otherwise half-even at it (under a millionth of a unit), without
     * trailing zeros below {@code minScale} (an amount keeps its currency's decimals: 5.00, not 5).
     */
    private static String plain(BigDecimal v, int minScale) {
        BigDecimal x = v.scale() > SCALE ? v.setScale(SCALE, RoundingMode.HALF_EVEN) : v;
        x = x.stripTrailingZeros();
        return (x.scale() < minScale ? x.setScale(minScale) : x).toPlainString();
    }

    /** The discounts that apply to the item, in the order they are applied. */
    List<Applied> discounts(Scope s) throws MappingException {
        List<Applied> out = new ArrayList<>();
        String itemProduct = s.firstText(product);
        String itemCurrency = s.firstText(currency);
        for (List<String> group : groups) {
            for (String prefix : prefixes(s, group)) {
                Applied a = read(s, prefix, itemProduct, itemCurrency);
                if (a != null) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Path prefixes of the group's discounts: {@code discounts.0.@discount}, … or the one object's path. */
    private List<String> prefixes(Scope s, List<String> group) {
        for (String alternative : group) {
            JsonNode v = s.get(alternative);
            if (v == null || (v.isArray() && v.isEmpty())) {
                continue;
            }
            if (!v.isArray()) {
                return List.of(alternative + ".@" + lookup);
            }
            List<String> prefixes = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                JsonNode e = v.get(i);
                String prefix = alternative + "." + i + ".@" + lookup;
                if (e.isTextual()) {
                    for (String other : group) {
                        JsonNode o = other.equals(alternative) ? null : s.get(other);
                        if (o != null && o.isObject() && e.asText().equals(Scope.text(o.get("id")))) {
                            prefix = other; // the list names by id the discount given expanded beside it
                        }
                    }
                }
                prefixes.add(prefix);
            }
            return prefixes;
        }
        return List.of();
    }

    private Applied read(Scope s, String prefix, String itemProduct, String itemCurrency) throws MappingException {
        String where = Scope.readable(prefix).replace("$parent.", "parent ");
        String couponPath = null;
        for (String c : coupon) {
            if (s.get(prefix + "." + c) != null) {
                couponPath = prefix + "." + c;
                break;
            }
        }
        if (couponPath == null) {
            throw new MappingException(ReasonCode.MISSING_VALUE, "discount " + where + " has no coupon");
        }
        String id = Objects.requireNonNullElse(s.text(prefix + ".id"), where);
        JsonNode products = s.get(couponPath + ".applies_to.products");
        if (products != null && products.isArray() && !products.isEmpty() && itemProduct != null) {
            boolean listed = false;
            for (JsonNode p : products) {
                listed |= itemProduct.equals(Scope.text(p));
            }
            if (!listed) {
                return null;
            }
        }
        String pctText = s.text(couponPath + ".percent_off");
        String amountText = s.text(couponPath + ".amount_off");
        BigDecimal pct = null;
        BigDecimal amount = null;
        if (pctText != null) {
            pct = number(pctText, where + " percent_off");
            if (pct.signum() < 0 || pct.compareTo(HUNDRED) > 0) {
                throw new MappingException(ReasonCode.OUT_OF_RANGE, "percent_off " + pctText + " of discount " + id
                        + " is out of range (0 to 100)");
            }
        }
        if (amountText != null) {
            String couponCurrency = s.text(couponPath + ".currency");
            amount = new BigDecimal(Transforms.minorUnits(amountText, where + " amount_off",
                    couponCurrency != null ? couponCurrency : itemCurrency));
            if (couponCurrency != null && itemCurrency != null
                    && !couponCurrency.trim().equalsIgnoreCase(itemCurrency.trim())) {
                throw new MappingException(ReasonCode.CONFLICTING_VALUES, "discount " + id + " takes "
                        + amount.toPlainString() + " " + couponCurrency.trim().toUpperCase(Locale.ROOT)
                        + " off an item billed in " + itemCurrency.trim().toUpperCase(Locale.ROOT)
                        + " (an amount_off coupon discounts in its own currency, so it must be the item's)");
            }
        }
        if (pct == null && amount == null) {
            return null; // a coupon without either takes nothing off
        }
        return new Applied(where, id, pct, amount, end(s, prefix, couponPath));
    }

    private String end(Scope s, String prefix, String couponPath) throws MappingException {
        String duration = s.text(couponPath + ".duration");
        String start = s.text(prefix + ".start");
        String end = s.text(prefix + ".end");
        if ("once".equals(duration) && start != null) {
            return interval.apply(s, Transforms.apply("epoch_date", start, prefix + ".start", null), prefix + ".start");
        }
        if (end != null) {
            return Transforms.apply("epoch_date", end, prefix + ".end", null);
        }
        if ("repeating".equals(duration) && start != null) {
            String months = s.text(couponPath + ".duration_in_months");
            if (months == null) {
                throw new MappingException(ReasonCode.MISSING_VALUE, "repeating coupon of discount "
                        + Scope.readable(prefix) + " has no duration_in_months");
            }
            AddInterval byMonths = new AddInterval(List.of(), months, List.of(), "month");
            return byMonths.apply(s, Transforms.apply("epoch_date", start, prefix + ".start", null), prefix + ".start");
        }
        return null;
    }

    private static BigDecimal number(String text, String what) throws MappingException {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new MappingException(ReasonCode.INVALID_NUMBER, what + " '" + text + "' is not a number");
        }
    }

}
