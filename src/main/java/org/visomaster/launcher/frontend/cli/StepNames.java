package org.visomaster.launcher.frontend.cli;

import java.util.Iterator;
import java.util.List;
import org.visomaster.launcher.engine.StepGraph;
import org.visomaster.launcher.engine.StepId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The steps of the catalogue: what {@code provision --from/--only} accept, list in their help and complete. Made
 * by {@link LauncherCli}'s factory from the catalogue the composition root hands in.
 */
final class StepNames implements Iterable<String>, ITypeConverter<StepId> {
    private final StepGraph graph;

    StepNames(StepGraph graph) {
        this.graph = graph;
    }

    @Override
    public Iterator<String> iterator() {
        List<String> names = graph.ids().stream().map(StepId::name).toList();
        return names.iterator();
    }

    @Override
    public StepId convert(String value) {
        try {
            return graph.require(value.strip());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
