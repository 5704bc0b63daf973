package org.visomaster.launcher.steps.source;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.engine.StateStore;

/**
 * State section {@value #SECTION}: the versions that passed the self-test, on which GPU, newest first (at most
 * {@value #KEEP}), and a rollback pin. While pinned, the source step checks out the pinned commit without fetching
 * (it is in the clone already, and its wheels in the workspace's package cache); `provision --update` lifts the pin.
 */
public final class GoodVersions {
    public static final String SECTION = "versions";
    static final int KEEP = 10;

    /** One version that passed: its commit, version, stack, and the GPUs and driver it passed on. */
    public record Good(String commit, String version, String gpu, String passedAt) {
    }

    /** @param pinned the commit a rollback holds the workspace at (null: follow the branch) */
    public record State(List<Good> passed, Good pinned) {
        public State {
            passed = passed == null ? List.of() : List.copyOf(passed);
        }
    }

    private GoodVersions() {
    }

    public static State read(StateStore state) {
        State s = state.get(SECTION, State.class);
        return s == null ? new State(List.of(), null) : s;
    }

    /** Called by the self-test when it passes: the installed commit passed on this GPU. */
    public static void recordPass(StateStore state, String gpuIdentity, String passedAt) {
        SourceState source = state.get(SourceState.SECTION, SourceState.class);
        if (source == null || source.commit() == null) {
            return;
        }
        State s = read(state);
        List<Good> passed = new ArrayList<>();
        passed.add(new Good(source.commit(), source.version(), gpuIdentity, passedAt));
        s.passed().stream().filter(g -> !(g.commit().equals(source.commit()) && g.gpu().equals(gpuIdentity)))
                .limit(KEEP - 1).forEach(passed::add);
        state.put(SECTION, new State(passed, s.pinned()));
    }

    /** The newest version that passed on this GPU other than the one installed now. */
    public static Optional<Good> rollbackTarget(StateStore state, String gpuIdentity) {
        SourceState source = state.get(SourceState.SECTION, SourceState.class);
        String current = source == null ? null : source.commit();
        return read(state).passed().stream().filter(g -> g.gpu().equals(gpuIdentity))
                .filter(g -> !g.commit().equals(current)).findFirst();
    }

    public static void pin(StateStore state, Good good) {
        state.put(SECTION, new State(read(state).passed(), good));
    }

    public static void unpin(StateStore state) {
        State s = read(state);
        if (s.pinned() != null) {
            state.put(SECTION, new State(s.passed(), null));
        }
    }
}
