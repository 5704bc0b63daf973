package org.visomaster.launcher.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;

/**
 * A bare git repository whose history reproduces VisoMaster-Fusion's stack transitions (read from a fork that mirrors
 * its main): several requirements files per stack (before 2025-10), {@code requirements_cu129.txt} with README
 * {@code uv venv --python 3.11} and pyproject {@code [tool.uv.pip]} on cu129 (1.0 to 2.1.x), {@code version.json}
 * bumps, then on a dev branch the switch to {@code requirements_cu13.txt} (README 3.12, pyproject cu130 and an ONNX
 * Runtime CUDA 13 feed) merged into main as 3.0.0, then bumps to 3.4.1. Commits are written straight into the object
 * database with increasing times, so a history of any length takes a moment. Cloned over file://.
 */
public final class FusionHistory implements AutoCloseable {
    public final Path dir;
    public final Repository repo;
    private final Git git;
    private long time = 1_757_000_000L;
    /** The commits a test checks against. */
    public ObjectId multiStack;
    public ObjectId v100;
    public ObjectId v210;
    public ObjectId v212;
    public ObjectId v300;
    public ObjectId v341;

    /** One pack for the whole history (loose objects would make a long history slow to write). */
    private final ObjectInserter ins;

    private FusionHistory(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
        this.repo = git.getRepository();
        this.ins = ((org.eclipse.jgit.internal.storage.file.FileRepository) repo).getObjectDatabase()
                .newPackInserter();
    }

    public static FusionHistory empty(Path dir) throws GitAPIException {
        return new FusionHistory(dir, Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch("main")
                .call());
    }

    /** The history described above, main at 3.4.1, dev at 3.0.0, tag v1.0.0. */
    public static FusionHistory fusionLike(Path dir) throws GitAPIException, IOException {
        FusionHistory h = empty(dir);
        h.multiStack = h.commit(List.of(), multiStackFiles(), "Visomaster - fusion of experimental, job mod and vr180");
        h.v100 = h.commit(List.of(h.multiStack), cu129(null), "drop older requirements - only cuda 12.9 support now");
        h.tag("v1.0.0", h.v100);
        ObjectId c = h.commit(List.of(h.v100), cu129("2.0.0"), "add version.json");
        h.v210 = h.commit(List.of(c), cu129("2.1.0"), "chore: bump version to 2.1.0 [skip ci]");
        ObjectId d = h.commit(List.of(h.v210), cu129("2.1.1"), "chore: bump version to 2.1.1 [skip ci]");
        h.v212 = h.commit(List.of(d), cu129("2.1.2"), "chore: bump version to 2.1.2 [skip ci]");
        ObjectId dev = h.commit(List.of(h.v212), cu13("2.1.2"), "bump and switch packages to cuda 13");
        dev = h.commit(List.of(dev), cu13("3.0.0"), "chore: bump version to 3.0.0 [skip ci]");
        h.setBranch("dev", dev);
        h.v300 = h.commit(List.of(h.v210, dev), cu13("3.0.0"), "Merge pull request #211 from VisoMasterFusion/dev");
        ObjectId main = h.v300;
        for (String v : List.of("3.0.1", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.4.1")) {
            main = h.commit(List.of(main), cu13(v), "chore: bump version to " + v + " [skip ci]");
        }
        h.v341 = main;
        h.setBranch("main", main);
        return h;
    }

    public String url() {
        return dir.toUri().toString();
    }

    /** Writes a commit with exactly these files (path → content) and these parents, one second after the last. */
    public ObjectId commit(List<ObjectId> parents, Map<String, String> files, String message) throws IOException {
        {
            ObjectId tree = tree(ins, files);
            PersonIdent who = new PersonIdent("Fusion Dev", "dev@example.org", time++ * 1000, 0);
            CommitBuilder cb = new CommitBuilder();
            cb.setTreeId(tree);
            cb.setParentIds(parents);
            cb.setAuthor(who);
            cb.setCommitter(who);
            cb.setMessage(message + "\n");
            return ins.insert(cb);
        }
    }

    private static ObjectId tree(ObjectInserter ins, Map<String, String> files) throws IOException {
        Map<String, Object> node = new TreeMap<>();
        files.forEach((path, content) -> place(node, path.split("/"), 0, content));
        return write(ins, node);
    }

    @SuppressWarnings("unchecked")
    private static void place(Map<String, Object> node, String[] parts, int i, String content) {
        if (i == parts.length - 1) {
            node.put(parts[i], content);
        } else {
            place((Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<String, Object>()), parts,
                    i + 1, content);
        }
    }

    @SuppressWarnings("unchecked")
    private static ObjectId write(ObjectInserter ins, Map<String, Object> node) throws IOException {
        // git sorts a folder's entries as if its name ended in '/'
        List<Map.Entry<String, Object>> entries = new ArrayList<>(node.entrySet());
        entries.sort((a, b) -> (a.getKey() + (a.getValue() instanceof Map ? "/" : ""))
                .compareTo(b.getKey() + (b.getValue() instanceof Map ? "/" : "")));
        TreeFormatter f = new TreeFormatter();
        for (Map.Entry<String, Object> e : entries) {
            if (e.getValue() instanceof Map) {
                f.append(e.getKey(), FileMode.TREE, write(ins, (Map<String, Object>) e.getValue()));
            } else {
                f.append(e.getKey(), FileMode.REGULAR_FILE, ins.insert(Constants.OBJ_BLOB,
                        ((String) e.getValue()).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return ins.insert(f);
    }

    public void setBranch(String name, ObjectId id) throws IOException {
        ins.flush();
        RefUpdate u = repo.updateRef(Constants.R_HEADS + name);
        u.setNewObjectId(id);
        u.setForceUpdate(true);
        u.update();
    }

    public void tag(String name, ObjectId id) throws IOException {
        ins.flush();
        RefUpdate u = repo.updateRef(Constants.R_TAGS + name);
        u.setNewObjectId(id);
        u.update();
    }

    private static Map<String, String> base() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("main.py", "print('VisoMaster-Fusion')\n");
        f.put("app/__init__.py", "");
        f.put(".gitignore", "model_assets/\n");
        return f;
    }

    /** Before 2025-10: one requirements file per stack, and conda with Python 3.10 in the README. */
    public static Map<String, String> multiStackFiles() {
        Map<String, String> f = base();
        f.put("requirements_cu118.txt", "torch==2.4.1+cu118\n");
        f.put("requirements_cu124.txt", "torch==2.4.1+cu124\nonnxruntime-gpu==1.20.0\n");
        f.put("requirements_cu128.txt", "torch==2.7.1+cu128\n");
        f.put("README.md", "# VisoMaster Fusion\n\n    conda create -n visomaster python=3.10 -y\n");
        return f;
    }

    /** 1.0 to 2.1.x: requirements_cu129.txt, Python 3.11, the cu129 indexes; version.json from 2.0.0 ({@code null}: none). */
    public static Map<String, String> cu129(String version) {
        Map<String, String> f = base();
        f.put("requirements_cu129.txt", "numpy==1.26.4\ntorch==2.8.0+cu129\nonnxruntime-gpu==1.23.2\n"
                + "tensorrt-cu12==10.13.3.9\n");
        f.put("README.md", "# VisoMaster Fusion\n\n```\nuv venv --python 3.11\nuv pip install -r"
                + " requirements_cu129.txt\n```\n\nTests:\n\n```\nuv venv --python 3.12 .venv-test\n```\n");
        f.put("pyproject.toml", "# uv's indexes\n[tool.uv.pip]\nindex-strategy = \"unsafe-best-match\"\n"
                + "extra-index-url = [\n    \"https://pypi.nvidia.com\",\n    \"https://download.pytorch.org/whl/cu129\",\n"
                + "    \"https://pypi.org/simple\"\n]\n\n[tool.mypy]\npython_version = \"3.12\"\n");
        if (version != null) {
            f.put("version.json", "{\n  \"version\": \"" + version + "\"\n}\n");
        }
        return f;
    }

    /** 3.x: requirements_cu13.txt, Python 3.12, the cu130 and ONNX Runtime CUDA 13 indexes. */
    public static Map<String, String> cu13(String version) {
        Map<String, String> f = base();
        f.put("requirements_cu13.txt", "numpy==2.4.4\ntorch==2.11.0+cu130\nonnxruntime-gpu==1.26.0\n"
                + "tensorrt-cu13==10.16.1.11\n");
        f.put("README.md", "# VisoMaster Fusion\n\n```\nuv venv --python 3.12\nuv pip install -r"
                + " requirements_cu13.txt\n```\n");
        f.put("scripts/Start_Portable.bat", "set \"PYTHON_EMBED_URL=https://www.python.org/ftp/python/3.12.10/"
                + "python-3.12.10-amd64.zip\"\n");
        f.put("pyproject.toml", "[tool.uv.pip]\nindex-strategy = \"unsafe-best-match\"\nextra-index-url = [\n"
                + "    \"https://pypi.nvidia.com\",\n    \"https://download.pytorch.org/whl/cu130\",\n"
                + "    \"https://aiinfra.pkgs.visualstudio.com/PublicPackages/_packaging/ort-cuda-13-nightly/pypi/simple/\",\n"
                + "    \"https://pypi.org/simple\"\n]\n");
        f.put("version.json", "{\n  \"version\": \"" + version + "\"\n}\n");
        return f;
    }

    @Override
    public void close() {
        ins.close();
        git.close();
    }
}
