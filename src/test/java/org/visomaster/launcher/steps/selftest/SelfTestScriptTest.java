package org.visomaster.launcher.steps.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the step reads the script's lines. */
class SelfTestScriptTest {
    @Test
    void aCheckLineIsParsedAndOtherLinesAreOutput() {
        assertEquals(Optional.of(new SelfTestState.Check("torch", "ok", "torch imports.", "")),
                SelfTestScript.parse("SELFTEST {\"check\": \"torch\", \"level\": \"ok\", \"sentence\": \"torch imports.\","
                        + " \"fix\": \"\"}"));
        assertTrue(SelfTestScript.parse("UserWarning: something").isEmpty());
        assertTrue(SelfTestScript.parse(null).isEmpty());
    }

    /** A lost failure must not become a pass: an unreadable check line is a failure itself. */
    @Test
    void aCheckLineThatCannotBeReadIsAFailure() {
        for (String line : new String[] {"SELFTEST {\"check\": \"kernel\", \"level\": \"failure\", \"sentence\": \"cut",
                "SELFTEST [1, 2]", "SELFTEST {\"check\": \"kernel\", \"level\": \"fatal\", \"sentence\": \"x\"}"}) {
            SelfTestState.Check c = SelfTestScript.parse(line).orElseThrow();
            assertEquals("failure", c.level(), line);
            assertEquals("The GPU self-test printed a line the launcher cannot read (" + line + ").", c.sentence());
        }
    }
}
