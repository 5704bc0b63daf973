package org.visomaster.launcher.steps.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository made by a test, standing in for github.com/visomaster/VisoMaster; cloned over file://. */
final class Upstream implements AutoCloseable {
    static final PersonIdent AUTHOR = new PersonIdent("Test Author", "test@example.org");
    final Path dir;
    final Git git;

    private Upstream(Path dir, Git git) {
        this.dir = dir;
        this.git = git;
    }

    /** A repository on branch main with main.py, app/__init__.py and README.md in its first commit. */
    static Upstream create(Path dir) throws IOException, GitAPIException {
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        Upstream u = new Upstream(dir, git);
        Files.createDirectories(dir.resolve("app"));
        Files.writeString(dir.resolve("app/__init__.py"), "");
        Files.writeString(dir.resolve("main.py"), "print('VisoMaster v1')\n");
        Files.writeString(dir.resolve(".gitignore"), "model_assets/\n");
        u.commitAll("first commit");
        return u;
    }

    String url() {
        return dir.toUri().toString();
    }

    RevCommit commit(String file, String content, String message) throws IOException, GitAPIException {
        Path p = dir.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        return commitAll(message);
    }

    RevCommit commitAll(String message) throws GitAPIException {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    }

    void tag(String name) throws GitAPIException {
        git.tag().setName(name).setAnnotated(true).setMessage("release " + name).setTagger(AUTHOR).call();
    }

    @Override
    public void close() {
        git.close();
    }
}
