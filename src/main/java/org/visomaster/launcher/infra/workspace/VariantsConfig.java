package org.visomaster.launcher.infra.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The wheel-variant part of a configuration: the profile's "variants" list and "defaultVariant", and a variant
 * forced by launcher.json's "wheelVariant" or {@code VISO_WHEEL_VARIANT} ("auto" or absent: chosen from the GPU).
 */
record VariantsConfig(List<WheelVariant> variants, String defaultVariant, String forced, String forcedBy) {
    static final String VARIABLE = "VISO_WHEEL_VARIANT";
    static final Set<String> KEYS = new LinkedHashSet<>(List.of("name", "description", "minCapability",
            "maxCapability", "minDriverCuda", "minDriverVersion", "torch", "overrides", "extraIndexUrls", "sources"));
    /** A compute capability's minor is one digit (Capability.number reads no other); a CUDA version's may be two. */
    private static final String CAPABILITY = "\\d{1,3}\\.\\d";
    private static final String CUDA_VERSION = "\\d{1,3}\\.\\d{1,2}";

    static VariantsConfig parse(ObjectNode n, String file) throws ConfigException {
        List<WheelVariant> variants = new ArrayList<>();
        JsonNode list = n.get("variants");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new ConfigException(file, "variants", "must be a list", "[{\"name\": \"cu124\", …}, …]");
            }
            for (JsonNode v : list) {
                variants.add(variant(v, file));
            }
        }
        List<String> names = variants.stream().map(WheelVariant::name).toList();
        if (new LinkedHashSet<>(names).size() != names.size()) {
            throw new ConfigException(file, "variants", "two variants have the same name", "unique names");
        }
        String allowed = String.join(", ", names);
        String dflt = ConfigLoader.optionalText(n, "defaultVariant", variants.isEmpty() ? null : names.get(0));
        if (dflt != null && !names.contains(dflt)) {
            throw new ConfigException(file, "defaultVariant", "\"" + dflt + "\" is not one of the variants",
                    variants.isEmpty() ? "none: this profile has no variants" : allowed);
        }
        String forced = ConfigLoader.optionalText(n, "wheelVariant", null);
        String forcedBy = n.has("wheelVariant$source") ? VARIABLE : file;
        if (forced != null && "auto".equals(forced)) {
            forced = null;
        }
        if (forced != null && !names.contains(forced)) {
            String source = forcedBy.equals(VARIABLE) ? "environment variable " + VARIABLE : file;
            throw new ConfigException(source, "wheelVariant", "\"" + forced + "\" is not a wheel variant of profile "
                    + n.path("profile").asText(), variants.isEmpty() ? "auto (this profile has no variants)"
                    : "auto, " + allowed);
        }
        return new VariantsConfig(variants, dflt, forced, forced == null ? null : forcedBy);
    }

    private static WheelVariant variant(JsonNode v, String file) throws ConfigException {
        if (!v.isObject() || ConfigLoader.optionalText((ObjectNode) v, "name", null) == null) {
            throw new ConfigException(file, "variants", "each variant is an object with a \"name\"",
                    "{\"name\": \"cu128\", \"minCapability\": \"10.0\", \"overrides\": […], …}");
        }
        ObjectNode o = (ObjectNode) v;
        String name = ConfigLoader.optionalText(o, "name", null);
        Iterator<String> keys = o.fieldNames();
        while (keys.hasNext()) {
            String k = keys.next();
            if (!KEYS.contains(k)) {
                throw new ConfigException(file, "variants[" + name + "]." + k, "unknown key", String.join(", ", KEYS));
            }
        }
        for (String k : List.of("minCapability", "maxCapability", "minDriverCuda")) {
            String value = ConfigLoader.optionalText(o, k, "");
            boolean capability = !k.equals("minDriverCuda");
            if (!value.isEmpty() && !value.matches(capability ? CAPABILITY : CUDA_VERSION)) {
                throw new ConfigException(file, "variants[" + name + "]." + k, "\"" + value + "\" is not a "
                        + (capability ? "compute capability" : "CUDA version"),
                        capability ? "X.Y with a one-digit minor, e.g. 7.5, 9.0 or 12.0" : "X.Y, e.g. 12.0 or 12.8");
            }
        }
        String key = "variants[" + name + "]";
        return new WheelVariant(name, ConfigLoader.optionalText(o, "description", ""),
                ConfigLoader.optionalText(o, "minCapability", ""), ConfigLoader.optionalText(o, "maxCapability", ""),
                ConfigLoader.optionalText(o, "minDriverCuda", ""), ConfigLoader.optionalText(o, "minDriverVersion", ""),
                ConfigLoader.optionalText(o, "torch", ""),
                ConfigLoader.overrides(o.get("overrides"), file, key + ".overrides"),
                ConfigLoader.strings(o.get("extraIndexUrls"), file, key + ".extraIndexUrls", "[\"https://…\"]"),
                ConfigLoader.strings(o.get("sources"), file, key + ".sources", "[\"https://…\"]"));
    }
}
