package org.visomaster.launcher.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The parsed command line: global options (accepted before or after the command), the command name, and the
 * command's own options ("--name value", "--name=value" or flags) and positional arguments.
 */
public final class CliArgs {
    static final Set<String> GLOBAL_VALUED = Set.of("--workspace", "--profile");
    static final Set<String> GLOBAL_FLAGS = Set.of("--json", "--verbose", "--help", "-h", "--version");

    private final Map<String, String> globals = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private String command;

    private CliArgs() {
    }

    /**
     * @param valuedOptions every command option that takes a value (all others are flags); needed because the
     *                      command is not known until it is parsed
     */
    public static CliArgs parse(String[] args, Set<String> valuedOptions) throws UsageException {
        CliArgs a = new CliArgs();
        boolean rest = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (rest || !arg.startsWith("-") || arg.equals("-")) {
                if (a.command == null && !rest) {
                    a.command = arg;
                } else {
                    a.positional.add(arg);
                }
                continue;
            }
            if (arg.equals("--")) {
                rest = true;
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            boolean global = GLOBAL_VALUED.contains(name) || GLOBAL_FLAGS.contains(name);
            boolean valued = GLOBAL_VALUED.contains(name) || valuedOptions.contains(name);
            if (valued && value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException(name + " needs a value");
                }
                value = args[++i];
            }
            if (!valued && value != null) {
                throw new UsageException(name + " takes no value");
            }
            (global ? a.globals : a.options).put(name, value == null ? "" : value);
        }
        return a;
    }

    public String command() {
        return command;
    }

    public String global(String name) {
        return globals.get(name);
    }

    public boolean globalFlag(String name) {
        return globals.containsKey(name);
    }

    public Map<String, String> options() {
        return options;
    }

    public List<String> positional() {
        return positional;
    }
}
