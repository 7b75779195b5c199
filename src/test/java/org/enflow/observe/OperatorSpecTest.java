package org.enflow.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.enflow.kernel.RandomStreams;
import org.junit.jupiter.api.Test;

/** The spec grammar: canonical descriptions, round trips, equivalence with the factories, errors, help. */
class OperatorSpecTest {
    static final int D = 40;

    static ObservationOperator parse(String spec) {
        return Operators.parse(spec, D, new RandomStreams(2376999025L));
    }

    /** Same outputs and adjoints, bit for bit, on a random state. */
    static void assertSameOperator(ObservationOperator a, ObservationOperator b, String what) {
        assertEquals(a.inputDim(), b.inputDim(), what);
        assertEquals(a.outputDim(), b.outputDim(), what);
        double[] x = TestOperators.gaussian(a.inputDim(), 1), r = TestOperators.gaussian(a.outputDim(), 2);
        double[] ya = new double[a.outputDim()], yb = new double[b.outputDim()];
        double[] ga = new double[a.inputDim()], gb = new double[b.inputDim()];
        a.apply(x, 0, ya, 0);
        b.apply(x, 0, yb, 0);
        a.adjoint(x, 0, r, 0, ga, 0);
        b.adjoint(x, 0, r, 0, gb, 0);
        assertArrayEquals(ya, yb, 0.0, what);
        assertArrayEquals(ga, gb, 0.0, what);
        assertArrayEquals(a.positions(), b.positions(), 0.0, what);
        assertArrayEquals(a.likelihoodWeights(), b.likelihoodWeights(), 0.0, what);
    }

    @Test
    void specsHaveCanonicalDescriptionsThatRoundTrip() {
        String[][] cases = {
            {"identity", "identity"},
            {"arctan", "arctan"},
            {"ATan", "arctan"},
            {"tanh", "tanh"},
            {"square", "square"},
            {"power:3", "power:3"},
            {"signedpower:1.5", "signedpower:1.5"},
            {"signedpower:2", "signedpower:2.0"},
            {"abs", "abs"},
            {"every:2", "every:2"},
            {"every:2:0", "every:2"},
            {" every : 2 : 1 > arctan ", "every:2:1>arctan"},
            {"every:2:1+arctan", "every:2:1>arctan"},
            {"select:0, 5,7", "select:0,5,7"},
            {"component:2", "component:2"},
            {"mask:0.5", "mask:0.5"},
            {"mask:0.5>arctan", "mask:0.5>arctan"},
            {"subset:0.25>tanh>power:3", "subset:0.25>tanh>power:3"},
            {"arctan>every:2:1>select:3,1", "arctan>every:2:1>select:3,1"},
        };
        for (String[] c : cases) {
            ObservationOperator h = parse(c[0]);
            assertEquals(c[1], h.describe(), c[0]);
            ObservationOperator again = parse(h.describe());
            assertEquals(h.describe(), again.describe());
            assertSameOperator(h, again, c[0]);
        }
    }

    @Test
    void parsedOperatorsEqualTheFactories() {
        assertSameOperator(Operators.arctan(D), parse("arctan"), "arctan");
        assertSameOperator(Operators.power(D, 4), parse("power:4"), "power:4");
        assertSameOperator(Operators.signedPower(D, 0.7), parse("signedpower:0.7"), "signedpower:0.7");
        assertSameOperator(Operators.every(D, 2, 1), parse("every:2:1"), "every:2:1");
        assertSameOperator(Operators.select(D, 0, 5, 7), parse("select:0,5,7"), "select");
        assertSameOperator(Operators.component(D, 2), parse("component:2"), "component");
        assertSameOperator(Operators.chain(Operators.every(D, 2, 1), Operators.arctan(20)), parse("every:2:1>arctan"), "chain");
        // Elementwise maps commute with selections: both orders are one canonical operator.
        assertSameOperator(parse("every:2:1>arctan"), parse("arctan>every:2:1"), "commuted");
        // mask:P draws from the AUXILIARY stream of the seed, component by component.
        RandomStreams streams = new RandomStreams(2376999025L);
        assertSameOperator(Operators.randomMask(D, 0.5, streams.stream(RandomStreams.Purpose.AUXILIARY)), parse("mask:0.5"), "mask");
        assertSameOperator(Operators.randomSubset(D, 0.5, streams.stream(RandomStreams.Purpose.AUXILIARY)), parse("subset:0.5"), "subset");
        // Another seed gives another mask.
        ObservationOperator other = Operators.parse("mask:0.5", D, new RandomStreams(1));
        assertFalse(java.util.Arrays.equals(other.likelihoodWeights(), parse("mask:0.5").likelihoodWeights()));
    }

    @Test
    void stagesActOnThePreviousOutputDimension() {
        ObservationOperator h = parse("every:2:1>select:0,19>component:1");
        assertEquals(1, h.outputDim());
        assertArrayEquals(new double[] {39}, h.positions(), 0.0);
    }

    static String error(String spec, RandomStreams streams) {
        return assertThrows(IllegalArgumentException.class, () -> Operators.parse(spec, D, streams)).getMessage();
    }

    static String error(String spec) {
        return error(spec, new RandomStreams(1));
    }

    @Test
    void errorsNameTheSpecAndTheValidForms() {
        String unknown = error("every:2>foo");
        assertTrue(unknown.contains("'every:2>foo'") && unknown.contains("stage 2") && unknown.contains("'foo'"), unknown);
        for (String form : new String[] {"identity", "arctan", "tanh", "square", "power:P", "signedpower:P", "abs",
                "every:K[:O]", "select:I,J,...", "component:I", "mask:P", "subset:P"})
            assertTrue(unknown.contains(form), "valid forms should list " + form + ": " + unknown);
        assertTrue(error("").contains("empty stage"));
        assertTrue(error("arctan>").contains("empty stage"));
        assertTrue(error("arctan:2").contains("takes no arguments"));
        assertTrue(error("power").contains("needs an argument"));
        assertTrue(error("power:1.5").contains("not an integer"));
        assertTrue(error("power:0").contains("p = 0"));
        assertTrue(error("signedpower:-1").contains("p = -1.0"));
        assertTrue(error("signedpower:nan").contains("not a number"));
        assertTrue(error("signedpower:Infinity").contains("not finite"));
        assertTrue(error("every:0").contains("k = 0"));
        assertTrue(error("every:2:1:3").contains("K or K:O"));
        assertTrue(error("select:1,,2").contains("empty entry"));
        assertTrue(error("select:1,1").contains("appears twice"));
        assertTrue(error("component:40").contains("[0, 40)"));
        String range = error("every:2>select:30");
        assertTrue(range.contains("stage 2") && range.contains("input dimension 20") && range.contains("outside [0, 20)"), range);
        assertTrue(error("mask:0").contains("probability"));
        assertTrue(error("mask:1.01").contains("probability"));
        assertTrue(error("mask:0.5", null).contains("needs random streams"));
        assertThrows(IllegalArgumentException.class, () -> Operators.parse(null, D, null));
        assertThrows(IllegalArgumentException.class, () -> Operators.parse("arctan", 0, null));
    }

    @Test
    void helpListsEveryFormAndItsExamplesParse() {
        List<String> help = Operators.help();
        String all = String.join("\n", help);
        for (String form : OperatorSpec.validForms().split(", ")) assertTrue(all.contains(form), form);
        String examples = help.stream().filter(s -> s.startsWith("Examples:")).findFirst().orElseThrow();
        for (String spec : examples.substring("Examples:".length()).split("\\|")) {
            ObservationOperator h = parse(spec.trim());
            assertTrue(h.outputDim() >= 1, spec);
        }
    }
}
