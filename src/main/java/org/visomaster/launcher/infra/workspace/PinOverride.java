package org.visomaster.launcher.infra.workspace;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Replaces a requirement of the given distribution name (compared as PEP 503 normalised names) with
 * {@code requirement}, e.g. onnxruntime-gpu → "onnxruntime-gpu==1.22.0". {@code reason} is recorded and shown.
 */
public record PinOverride(String name, String requirement, String reason) {
    @JsonCreator
    public PinOverride(@JsonProperty("name") String name, @JsonProperty("requirement") String requirement,
                       @JsonProperty("reason") String reason) {
        this.name = name;
        this.requirement = requirement;
        this.reason = reason == null ? "" : reason;
    }
}
