package org.visomaster.launcher.imports;

/** A dropped file or archive was refused; the message is the user's sentence (what happened and what to do). */
public class RefusedException extends Exception {
    public RefusedException(String sentence) {
        super(sentence);
    }

    /** With the error behind the refusal, kept for the log. */
    public RefusedException(String sentence, Throwable cause) {
        super(sentence, cause);
    }
}
