package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Someone has an SSH or Jupyter terminal open: a process on a pseudo-terminal (/dev/pts/N) that descends from sshd
 * (an SSH login) or from a Jupyter server (its terminals). An SSH login ends when its client goes, so an open one
 * counts. Jupyter keeps a terminal after its browser tab is closed, so one counts only while it is used: its
 * /dev/pts/N read or written within {@link #JUPYTER_RECENT}. Shells on the desktop's own terminal window do not count
 * (the desktop connection does), nor does a detached tmux: its server belongs to no login once the SSH session ends.
 */
final class TerminalOpen implements ActivityProbe {
    static final Duration JUPYTER_RECENT = Duration.ofMinutes(10);
    static final Path DEV_PTS = Path.of("/dev/pts");
    private static final int MAX_DEPTH = 64;
    private final ProcFs proc;
    private final Path devPts;

    TerminalOpen(ProcFs proc, Path devPts) {
        this.proc = proc;
        this.devPts = devPts;
    }

    @Override
    public Optional<Activity> check(Instant now) {
        Map<Long, ProcFs.Proc> all = proc.processes();
        Map<Integer, String> terminals = new TreeMap<>();
        for (ProcFs.Proc p : all.values()) {
            if (p.pts() >= 0 && !terminals.containsKey(p.pts())) {
                String origin = origin(p, all);
                if ("Jupyter".equals(origin) && !usedRecently(p.pts(), now)) {
                    origin = null;
                }
                if (origin != null) {
                    terminals.put(p.pts(), origin);
                }
            }
        }
        if (terminals.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder which = new StringBuilder();
        terminals.forEach((pts, origin) -> which.append(which.length() == 0 ? "" : ", ").append(origin)
                .append(" on pts/").append(pts));
        return Optional.of(new Activity(Activity.Kind.TERMINAL, (terminals.size() == 1 ? "a terminal is open ("
                : terminals.size() + " terminals are open (") + which + ")"));
    }

    /** The terminal's device was read (input) or written (output) lately; the kernel keeps these times. */
    private boolean usedRecently(int pts, Instant now) {
        try {
            BasicFileAttributes a = Files.readAttributes(devPts.resolve(Integer.toString(pts)),
                    BasicFileAttributes.class);
            Instant last = a.lastModifiedTime().toInstant().isAfter(a.lastAccessTime().toInstant())
                    ? a.lastModifiedTime().toInstant() : a.lastAccessTime().toInstant();
            return Duration.between(last, now).compareTo(JUPYTER_RECENT) < 0;
        } catch (IOException e) {
            return false; // the terminal is gone
        }
    }

    /** "SSH" or "Jupyter" when an ancestor is sshd or a Jupyter server; null otherwise. */
    private static String origin(ProcFs.Proc p, Map<Long, ProcFs.Proc> all) {
        ProcFs.Proc at = all.get(p.ppid());
        for (int depth = 0; at != null && depth < MAX_DEPTH; depth++) {
            if (at.comm().startsWith("sshd")) {
                return "SSH";
            }
            if (at.comm().startsWith("jupyter") || at.cmdline().contains("jupyter")) {
                return "Jupyter";
            }
            if (at.ppid() == at.pid() || at.pid() <= 1) {
                return null;
            }
            at = all.get(at.ppid());
        }
        return null;
    }
}
