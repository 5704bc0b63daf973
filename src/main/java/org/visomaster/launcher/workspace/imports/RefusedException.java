package org.visomaster.launcher.workspace.imports;

/** A dropped file or archive was refused; the message is the user's sentence (what happened and what to do). */
public class RefusedException extends Exception {
    public RefusedException(String sentence) {
        super(sentence);
    }
}
