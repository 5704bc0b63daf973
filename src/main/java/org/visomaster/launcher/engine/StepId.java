package org.visomaster.launcher.engine;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A step's identity: what the command line, state.json and events call it ("source", "models" …). Each step owns its
 * id as a constant ({@code SourceStep.ID}); code compares ids, never names. A name typed by a person becomes an id
 * only through {@link StepGraph#require}, which says which names exist.
 */
public record StepId(String name) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    public StepId {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a step id is lower-case letters, digits and '-', not \"" + name + "\"");
        }
    }

    @JsonCreator
    public static StepId of(String name) {
        return new StepId(name);
    }

    @JsonValue
    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
