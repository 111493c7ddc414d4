package io.revlake.sample;

import java.util.SplittableRandom;

/** Regions, countries (with billing currency and sales-tax rate), acquisition channels, names and sales reps. */
final class Market {
    private Market() {
    }

    static final String[] REGIONS = {"NA", "EMEA", "APAC", "LATAM"};
    private static final double[] REGION_WEIGHTS = {0.48, 0.32, 0.12, 0.08};

    /** A country: ISO code, region index, billing currency, sales tax / VAT in basis points, name suffixes. */
    record Country(String code, int region, Currency currency, int taxBp, double weight, String[] suffixes) {
    }

    private static final String[] US_SUFFIX = {", Inc.", " Inc.", ", LLC", " Corp.", " Co.", ""};
    private static final Country[][] COUNTRIES = {
        {
            new Country("US", 0, Currency.USD, 0, 0.85, US_SUFFIX),
            new Country("CA", 0, Currency.USD, 500, 0.15, new String[] {" Ltd.", ", Inc.", " Corp."}),
        },
        {
            new Country("GB", 1, Currency.GBP, 2000, 0.28, new String[] {" Ltd", " Limited", " plc", " Ltd."}),
            new Country("DE", 1, Currency.EUR, 1900, 0.20, new String[] {" GmbH", " AG", " GmbH & Co. KG"}),
            new Country("FR", 1, Currency.EUR, 2000, 0.14, new String[] {" SAS", " SA", " SARL"}),
            new Country("NL", 1, Currency.EUR, 2100, 0.10, new String[] {" B.V.", " N.V."}),
            new Country("ES", 1, Currency.EUR, 2100, 0.07, new String[] {" S.L.", " S.A."}),
            new Country("IT", 1, Currency.EUR, 2200, 0.06, new String[] {" S.r.l.", " S.p.A."}),
            new Country("IE", 1, Currency.EUR, 2300, 0.05, new String[] {" Ltd", " DAC"}),
            new Country("SE", 1, Currency.EUR, 2500, 0.04, new String[] {" AB"}),
            new Country("IL", 1, Currency.USD, 1700, 0.03, new String[] {" Ltd."}),
            new Country("AE", 1, Currency.USD, 500, 0.03, new String[] {" FZ-LLC", " LLC"}),
        },
        {
            new Country("AU", 2, Currency.USD, 1000, 0.35, new String[] {" Pty Ltd"}),
            new Country("JP", 2, Currency.USD, 1000, 0.20, new String[] {" K.K.", " Co., Ltd."}),
            new Country("SG", 2, Currency.USD, 900, 0.20, new String[] {" Pte. Ltd."}),
            new Country("IN", 2, Currency.USD, 1800, 0.15, new String[] {" Pvt. Ltd.", " Private Limited"}),
            new Country("NZ", 2, Currency.USD, 1500, 0.10, new String[] {" Limited"}),
        },
        {
            new Country("BR", 3, Currency.USD, 0, 0.40, new String[] {" Ltda.", " S.A."}),
            new Country("MX", 3, Currency.USD, 1600, 0.30, new String[] {" S.A. de C.V.", " S. de R.L."}),
            new Country("AR", 3, Currency.USD, 0, 0.10, new String[] {" S.R.L.", " S.A."}),
            new Country("CL", 3, Currency.USD, 1900, 0.10, new String[] {" SpA", " Ltda."}),
            new Country("CO", 3, Currency.USD, 1900, 0.10, new String[] {" S.A.S."}),
        },
    };

    static Country country(SplittableRandom rng) {
        int region = pick(rng, REGION_WEIGHTS);
        Country[] cs = COUNTRIES[region];
        double u = rng.nextDouble();
        for (Country c : cs) {
            u -= c.weight();
            if (u < 0) {
                return c;
            }
        }
        return cs[cs.length - 1];
    }

    static final String[] CHANNELS = {"organic", "paid_search", "outbound", "partner", "referral"};
    private static final double[][] CHANNEL_WEIGHTS = {
        {0.40, 0.30, 0.10, 0.08, 0.12},
        {0.20, 0.15, 0.35, 0.18, 0.12},
        {0.10, 0.00, 0.55, 0.25, 0.10},
    };

    static int channel(SplittableRandom rng, Segment segment) {
        return pick(rng, CHANNEL_WEIGHTS[segment.ordinal()]);
    }

    /** Outbound and partner deals go through sales (an opportunity, no trial). */
    static boolean salesLedChannel(int channel) {
        return channel == 2 || channel == 3;
    }

    private static final String[] FIRST = {
        "Blue", "North", "Bright", "Silver", "Atlas", "Nimbus", "Cedar", "Harbor", "Quantum", "Summit", "Lumen",
        "Vertex", "Orbit", "Granite", "Maple", "Pioneer", "Crimson", "Evergreen", "Falcon", "Horizon", "Iron", "Jade",
        "Kestrel", "Lattice", "Meridian", "Nova", "Onyx", "Polar", "Redwood", "Sable", "Tidal", "Umber", "Velvet",
        "Willow", "Zenith", "Müller", "Søndergaard", "Ångström", "Café", "Zürich", "São", "Łódź", "Brightwater",
        "O'Neill", "Stone & Sons", "Acme",
    };
    private static final String[] SECOND = {
        "Analytics", "Logistics", "Labs", "Health", "Foods", "Robotics", "Media", "Systems", "Capital", "Energy",
        "Software", "Dynamics", "Networks", "Retail", "Partners", "Studios", "Bio", "Freight", "Insurance", "Works",
        "Foundry", "Learning", "Security", "Hospitality", "Manufacturing", "Ventures", "Telecom", "Pharma", "Design",
        "Consulting",
    };

    /** A company name; some contain commas, quotes or non-ASCII letters, as real ones do. */
    static String companyName(SplittableRandom rng, Country country) {
        String first = FIRST[rng.nextInt(FIRST.length)];
        String second = SECOND[rng.nextInt(SECOND.length)];
        String suffix = country.suffixes()[rng.nextInt(country.suffixes().length)];
        if (rng.nextDouble() < 0.01) {
            return "\"" + first + "\" " + second + suffix;
        }
        return first + " " + second + suffix;
    }

    private static final String[][] REPS = {
        {"Avery Chen", "Jordan Miller", "Taylor Brooks", "Morgan Diaz", "Riley Patel"},
        {"Sophie Martin", "Lukas Becker", "Emma O'Brien", "Oliver Hughes", "Lucía García"},
        {"Hiro Tanaka", "Priya Nair", "Liam Walker", "Mei Lin"},
        {"Camila Souza", "Diego Hernández", "Valentina Rojas"},
    };

    static String rep(SplittableRandom rng, int region) {
        String[] reps = REPS[region];
        return reps[rng.nextInt(reps.length)];
    }

    static int pick(SplittableRandom rng, double[] weights) {
        double u = rng.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
