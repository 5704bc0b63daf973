package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The few /proc files the guard reads: the file locks, the TCP connections and each process's parent, terminal and
 * command line. Reads from a root folder (/proc on a live box) and treats anything unreadable or malformed as absent:
 * processes come and go while it reads.
 */
final class ProcFs {
    static final Path DEFAULT = Path.of("/proc");
    /** Unix98 pseudo-terminals (/dev/pts/N) have majors 136 to 143. */
    private static final int PTS_MAJOR_FIRST = 136;
    private static final int PTS_MAJOR_LAST = 143;

    record Lock(long pid, long inode) {
    }

    record Connection(int localPort, int remotePort) {
    }

    /** One process: its parent, its pseudo-terminal number (-1: none), its name and its command line. */
    record Proc(long pid, long ppid, int pts, String comm, String cmdline) {
    }

    private final Path root;

    ProcFs(Path root) {
        this.root = root;
    }

    /** POSIX and flock locks held (not waited for): "1: POSIX  ADVISORY  WRITE 4242 08:01:131 0 EOF". */
    List<Lock> locks() {
        List<Lock> out = new ArrayList<>();
        for (String line : lines(root.resolve("locks"))) {
            if (line.contains("->")) {
                continue; // a process blocked waiting for the lock above it
            }
            String[] f = line.trim().split("\\s+");
            if (f.length < 6) {
                continue;
            }
            String[] dev = f[5].split(":");
            try {
                out.add(new Lock(Long.parseLong(f[4]), Long.parseLong(dev[dev.length - 1])));
            } catch (NumberFormatException e) {
                // an odd line (an OFD lock shows pid -1); not ours
            }
        }
        return out;
    }

    /** Established TCP connections, IPv4 and IPv6. */
    List<Connection> established() {
        List<Connection> out = new ArrayList<>();
        for (String file : new String[] {"net/tcp", "net/tcp6"}) {
            List<String> lines = lines(root.resolve(file));
            for (int i = 1; i < lines.size(); i++) { // the first line names the columns
                String[] f = lines.get(i).trim().split("\\s+");
                if (f.length < 4 || !f[3].equals("01")) { // 01 = ESTABLISHED
                    continue;
                }
                try {
                    out.add(new Connection(port(f[1]), port(f[2])));
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    // malformed; skip
                }
            }
        }
        return out;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1), 16);
    }

    /** Every process now, by pid. */
    Map<Long, Proc> processes() {
        Map<Long, Proc> out = new HashMap<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, p -> isNumber(p.getFileName().toString()))) {
            for (Path dir : dirs) {
                Proc p = process(dir);
                if (p != null) {
                    out.put(p.pid(), p);
                }
            }
        } catch (IOException | RuntimeException e) {
            // /proc unreadable: no processes known
        }
        return out;
    }

    private static Proc process(Path dir) {
        String stat = text(dir.resolve("stat"));
        if (stat == null) {
            return null;
        }
        // "pid (comm) state ppid pgrp session tty_nr ...": comm may hold spaces and parentheses
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return null;
        }
        String[] rest = stat.substring(close + 1).trim().split("\\s+");
        if (rest.length < 5) {
            return null;
        }
        try {
            long pid = Long.parseLong(stat.substring(0, open).trim());
            long ppid = Long.parseLong(rest[1]);
            int tty = Integer.parseInt(rest[4]);
            int major = (tty >> 8) & 0xfff;
            int minor = (tty & 0xff) | ((tty >> 12) & 0xfff00);
            int pts = tty != 0 && major >= PTS_MAJOR_FIRST && major <= PTS_MAJOR_LAST
                    ? (major - PTS_MAJOR_FIRST) * 256 + minor : -1;
            String cmd = text(dir.resolve("cmdline"));
            return new Proc(pid, ppid, pts, stat.substring(open + 1, close),
                    cmd == null ? "" : cmd.replace('\0', ' ').trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
    }

    private static String text(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static List<String> lines(Path p) {
        String t = text(p);
        return t == null ? List.of() : List.of(t.split("\n"));
    }
}
