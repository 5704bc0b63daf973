package org.visomaster.launcher.steps.finish;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.LaunchEnvironment;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ArchiveExtractor;
import org.visomaster.launcher.imports.ArchiveFormat;
import org.visomaster.launcher.imports.FreeSpace;
import org.visomaster.launcher.imports.ImportResult;
import org.visomaster.launcher.imports.ImportService;
import org.visomaster.launcher.imports.RefusedException;
import org.visomaster.launcher.engine.StepIds;

/**
 * Step 6: extracts archives the user put in {@code dependencies/} (each once; the archive stays), moves models
 * dropped before the source existed into place, creates {@code model_assets/dfm_models/} and {@code output/},
 * and checks that ffmpeg and nvidia-smi can be found (warnings with the fix, never a failure).
 */
public final class FinishStep implements Step {
    public static final StepId ID = StepIds.FINISH;
    static final String STATE = "finish";
    static final String FFMPEG_MISSING = "ffmpeg is not on PATH: VisoMaster needs it to read and write videos; install"
            + " it with `apt-get install ffmpeg` or drop a static ffmpeg binary into dependencies/.";
    static final String NVIDIA_SMI_MISSING = "nvidia-smi is not on PATH: no NVIDIA driver is visible in this"
            + " container; VisoMaster needs an NVIDIA GPU — rent a GPU instance or check the template's --gpus setting.";

    private final FreeSpace freeSpace;

    public FinishStep() {
        this(FreeSpace.system());
    }

    public FinishStep(FreeSpace freeSpace) {
        this.freeSpace = freeSpace;
    }

    @Override
    public StepId id() {
        return ID;
    }

    /** Runs last, after every other step. */
    @Override
    public Kind kind() {
        return Kind.FINAL;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of();
    }

    @Override
    public String title() {
        return "Finishing touches";
    }

    @Override
    public boolean isDone(StepContext ctx) throws IOException {
        Workspace ws = ctx.workspace();
        FinishState st = ctx.state().get(STATE, FinishState.class);
        // a missing tool is a warning, not unfinished work: rerun only when what is on PATH has changed
        HostEnvironment env = toolPath(ctx);
        return st != null && st.ffmpegFound() == env.which("ffmpeg").isPresent()
                && st.nvidiaSmiFound() == env.which("nvidia-smi").isPresent()
                && Files.isDirectory(ws.dfmModels()) && Files.isDirectory(ws.output())
                && pendingArchives(ws, st).isEmpty() && !hasPendingModels(ws);
    }

    @Override
    public String plan(StepContext ctx) throws IOException {
        Workspace ws = ctx.workspace();
        List<Path> pending = pendingArchives(ws, ctx.state().get(STATE, FinishState.class));
        StringBuilder b = new StringBuilder();
        if (!pending.isEmpty()) {
            b.append("extract ").append(names(pending)).append(" into ").append(ws.dependencies()).append("; ");
        }
        if (hasPendingModels(ws)) {
            b.append("move models waiting in ").append(ImportService.pendingModels(ws)).append(" into model_assets/; ");
        }
        return b.append("create ").append(ws.dfmModels()).append(" and ").append(ws.output())
                .append("; check that ffmpeg and nvidia-smi are on PATH").toString();
    }

    @Override
    public StepOutcome run(StepContext ctx) throws Exception {
        Workspace ws = ctx.workspace();
        FinishState st = ctx.state().get(STATE, FinishState.class);
        List<FinishState.ExtractedArchive> done = new ArrayList<>(st == null ? List.of() : st.archives());
        List<String> warnings = new ArrayList<>();

        Files.createDirectories(ws.output());
        if (Files.isDirectory(ws.source())) {
            Files.createDirectories(ws.dfmModels());
            for (ImportResult r : new ImportService(ws, freeSpace).adoptPendingModels()) {
                warnIfRefused(ctx, r.accepted(), r.message(), warnings);
            }
        } else {
            warn(ctx, "VisoMaster's source folder " + ws.source() + " is missing, so model_assets/dfm_models/ was not"
                    + " created; run the source step first.", warnings);
        }

        ArchiveExtractor extractor = new ArchiveExtractor(ws, freeSpace);
        int extracted = 0;
        for (Path archive : pendingArchives(ws, st)) {
            ctx.cancellation().throwIfCancelled();
            String name = archive.getFileName().toString();
            FinishState.ExtractedArchive key = keyOf(archive);
            ctx.log("Extracting " + name + " into " + ws.dependencies());
            try {
                ArchiveExtractor.Extraction x = extractor.extract(archive, name, ws.dependencies());
                ctx.log("Extracted " + x.files() + " files from " + name
                        + (x.backups().isEmpty() ? "" : "; kept " + x.backups().size() + " older files as .bak copies"));
                done.removeIf(a -> a.name().equals(name));
                done.add(key);
                extracted++;
                ctx.state().put(STATE, new FinishState(done, st != null && st.ffmpegFound(),
                        st != null && st.nvidiaSmiFound()));
            } catch (RefusedException e) {
                warn(ctx, e.getMessage(), warnings);
            }
        }

        HostEnvironment env = toolPath(ctx);
        boolean ffmpeg = env.which("ffmpeg").isPresent();
        boolean nvidiaSmi = env.which("nvidia-smi").isPresent();
        warnIfRefused(ctx, ffmpeg, FFMPEG_MISSING, warnings);
        warnIfRefused(ctx, nvidiaSmi, NVIDIA_SMI_MISSING, warnings);
        ctx.state().put(STATE, new FinishState(done, ffmpeg, nvidiaSmi));

        String summary = (extracted == 0 ? "No new archives" : "Extracted " + extracted
                + (extracted == 1 ? " archive" : " archives")) + " in dependencies/; folders ready";
        return warnings.isEmpty() ? StepOutcome.done(summary + "; ffmpeg and nvidia-smi found.")
                : StepOutcome.warning(String.join(" ", warnings));
    }

    /** The environment VisoMaster is launched with (the one builder the launch uses too). */
    private static HostEnvironment toolPath(StepContext ctx) {
        return LaunchEnvironment.of(ctx.workspace(), ctx.host());
    }

    /** Archives at the top of dependencies/ not yet extracted in their current form (name, size, mtime). */
    static List<Path> pendingArchives(Workspace ws, FinishState st) throws IOException {
        if (!Files.isDirectory(ws.dependencies())) {
            return List.of();
        }
        List<FinishState.ExtractedArchive> done = st == null ? List.of() : st.archives();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(ws.dependencies())) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith(".") && Files.isRegularFile(p) && ArchiveFormat.of(n) != null
                        && !done.contains(keyOf(p))) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    private static boolean hasPendingModels(Workspace ws) throws IOException {
        Path pending = ImportService.pendingModels(ws);
        if (!Files.isDirectory(ws.source()) || !Files.isDirectory(pending)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(pending, 2)) {
            return s.anyMatch(f -> Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."));
        }
    }

    private static FinishState.ExtractedArchive keyOf(Path archive) throws IOException {
        return new FinishState.ExtractedArchive(archive.getFileName().toString(), Files.size(archive),
                Files.getLastModifiedTime(archive).toMillis());
    }

    private static void warnIfRefused(StepContext ctx, boolean ok, String sentence, List<String> warnings) {
        if (!ok) {
            warn(ctx, sentence, warnings);
        }
    }

    private static void warn(StepContext ctx, String sentence, List<String> warnings) {
        ctx.warn(sentence);
        warnings.add(sentence);
    }

    private static String names(List<Path> paths) {
        return String.join(", ", paths.stream().map(p -> p.getFileName().toString()).toList());
    }
}
