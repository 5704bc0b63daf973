package org.visomaster.launcher.frontend.cli;

import java.util.Iterator;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The bundled profiles: what {@code --profile} accepts, lists in its help and completes. */
final class ProfileNames implements Iterable<String>, ITypeConverter<String> {
    @Override
    public Iterator<String> iterator() {
        return ConfigLoader.PROFILES.iterator();
    }

    @Override
    public String convert(String value) {
        String name = value.strip();
        if (!ConfigLoader.PROFILES.contains(name)) {
            throw new TypeConversionException("\"" + value + "\" is not a profile (profiles: "
                    + String.join(", ", ConfigLoader.PROFILES) + ")");
        }
        return name;
    }
}
