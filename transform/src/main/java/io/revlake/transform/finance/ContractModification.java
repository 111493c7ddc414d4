package io.revlake.transform.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A contract modification accounted for prospectively, as the termination of the old contract and the creation of a
 * new one (ASC 606-10-25-13(a), IFRS 15.21(a)): what was recognised stays; the consideration not yet recognised plus
 * the consideration the modification adds is spread over what remains to deliver (old remaining units plus added
 * units). A concession on what was already transferred reduces revenue at the modification date. When the
 * consideration left falls below zero (a credit larger than what is still to be recognised), the shortfall also
 * reduces revenue at the modification date and nothing remains to recognise.
 *
 * <p>RevLake applies it to every credit note: a credit reduces the price of the obligations it relates to from its
 * issue date on (see {@link RecognitionSchedule}).
 */
public final class ContractModification {
    private ContractModification() {
    }

    /**
     * @param remainingPrice     consideration to recognise over the remaining units from the modification date
     * @param pricePerUnit       remainingPrice ÷ remaining units, to the cent (null without remaining units)
     * @param revenueAdjustment  change to revenue at the modification date (≤ 0)
     */
    public record Result(BigDecimal remainingPrice, BigDecimal pricePerUnit, BigDecimal revenueAdjustment) {
    }

    /**
     * @param unrecognised            consideration of the original contract not yet recognised
     * @param remainingUnits          units (products, days, years) the original contract still has to deliver
     * @param addedConsideration      consideration the modification adds (negative when it takes some away)
     * @param addedUnits              units the modification adds
     * @param concessionOnTransferred price reduction granted on units already transferred (≥ 0)
     */
    public static Result prospective(BigDecimal unrecognised, BigDecimal remainingUnits, BigDecimal addedConsideration,
                                     BigDecimal addedUnits, BigDecimal concessionOnTransferred) {
        BigDecimal remaining = unrecognised.add(addedConsideration);
        BigDecimal adjustment = concessionOnTransferred.negate();
        if (remaining.signum() < 0) {
            adjustment = adjustment.add(remaining);
            remaining = BigDecimal.ZERO;
        }
        BigDecimal units = remainingUnits.add(addedUnits);
        BigDecimal perUnit = units.signum() == 0 ? null
                : remaining.divide(units, Cents.EXACT).setScale(2, RoundingMode.HALF_UP);
        return new Result(remaining, perUnit, adjustment);
    }
}
