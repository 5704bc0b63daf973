package org.visomaster.launcher.frontend.ui.services;

/** The system clipboard, wrapped so view-models can copy text without the FX toolkit. */
public interface ClipboardService {
    void putText(String text);
}
