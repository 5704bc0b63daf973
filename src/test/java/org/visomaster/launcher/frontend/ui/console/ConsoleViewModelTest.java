package org.visomaster.launcher.frontend.ui.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.frontend.ui.QueuedExecutor;
import org.visomaster.launcher.frontend.ui.Recorders;
import org.visomaster.launcher.frontend.ui.services.SystemDesktopOpener;

class ConsoleViewModelTest {
    @TempDir
    Path tmp;
    final QueuedExecutor ex = new QueuedExecutor();
    final Recorders.Clipboard clipboard = new Recorders.Clipboard();
    final Recorders.Opener opener = new Recorders.Opener();

    ConsoleViewModel vm() {
        return new ConsoleViewModel(ex, clipboard, opener, tmp);
    }

    @Test
    void aFloodOfLinesCostsOneUiHopAndKeepsTheNewest20000OverAFewFrames() throws Exception {
        ConsoleViewModel vm = vm();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 50_000; i++) {
                vm.append(ConsoleLine.Source.PROVISION, "line " + i);
            }
        });
        producer.start();
        producer.join();
        assertEquals(1, ex.uiHops(), "all lines queued before the UI ran must travel in one hop");
        assertEquals(1, ex.runOneFrame(), "one frame takes the first batch");
        assertEquals(ConsoleViewModel.MAX_PER_FRAME, vm.lines().size());
        assertEquals("line 30000", vm.lines().get(0).text(), "lines that could never be seen are dropped at once");
        ex.runUiTasks();
        assertEquals(ConsoleViewModel.MAX_LINES, vm.lines().size());
        assertEquals("line 30000", vm.lines().get(0).text());
        assertEquals("line 49999", vm.lines().get(vm.lines().size() - 1).text());
        assertEquals(50_000, vm.receivedProperty().get());
        assertEquals(ConsoleViewModel.MAX_LINES / ConsoleViewModel.MAX_PER_FRAME, vm.batchesProperty().get());
    }

    @Test
    void laterBatchesPushTheOldestLinesOut() {
        ConsoleViewModel vm = vm();
        for (int i = 0; i < 19_990; i++) {
            vm.append(ConsoleLine.Source.PROVISION, "a" + i);
        }
        ex.runUiTasks();
        for (int i = 0; i < 30; i++) {
            vm.append(ConsoleLine.Source.VISOMASTER, "b" + i);
        }
        ex.runUiTasks();
        assertEquals(ConsoleViewModel.MAX_LINES, vm.lines().size());
        assertEquals("a20", vm.lines().get(0).text());
        assertEquals(ConsoleLine.Source.VISOMASTER, vm.lines().get(vm.lines().size() - 1).source());
        assertEquals(6, vm.batchesProperty().get(), "19,990 lines over 5 frames, then one more");
    }

    @Test
    void multiLineTextBecomesSeveralLines() {
        ConsoleViewModel vm = vm();
        vm.append(ConsoleLine.Source.PROVISION, "    failed: pip broke\n    last lines of output:\r\n      boom");
        ex.runUiTasks();
        assertEquals(List.of("    failed: pip broke", "    last lines of output:", "      boom"),
                vm.lines().stream().map(ConsoleLine::text).toList());
    }

    @Test
    void searchFindsTheNextMatchAnyCaseWrapsAroundAndSaysWhenNothingMatches() {
        ConsoleViewModel vm = vm();
        for (String s : List.of("Collecting torch", "ERROR: no matching distribution", "done", "error again")) {
            vm.append(ConsoleLine.Source.PROVISION, s);
        }
        ex.runUiTasks();
        assertEquals(1, vm.findNext("error", -1));
        assertEquals(3, vm.findNext("error", 1));
        assertEquals(1, vm.findNext("error", 3), "wraps to the first match");
        assertEquals(-1, vm.findNext("cuda", 0));
        assertTrue(vm.statusProperty().get().contains("cuda"), vm.statusProperty().get());
    }

    @Test
    void copyTakesTheSelectionOrEverything() {
        ConsoleViewModel vm = vm();
        vm.append(ConsoleLine.Source.PROVISION, "one");
        vm.append(ConsoleLine.Source.VISOMASTER, "two");
        ex.runUiTasks();
        vm.copy(List.of(vm.lines().get(1)));
        assertEquals("two", clipboard.text);
        vm.copy(List.of());
        assertEquals("one\ntwo", clipboard.text);
        assertEquals("Copied 2 lines.", vm.statusProperty().get());
    }

    @Test
    void openLogFolderUsesTheOpenerAndReportsWhenNothingCanOpenIt() {
        ConsoleViewModel vm = vm();
        vm.openLogFolder();
        assertEquals(List.of(tmp), opener.opened);

        ConsoleViewModel noOpener = new ConsoleViewModel(ex, clipboard,
                new SystemDesktopOpener(new HostEnvironment(Map.of("PATH", tmp.toString())), null), tmp);
        noOpener.openLogFolder();
        assertTrue(noOpener.statusProperty().get().contains("xdg-open is missing"),
                noOpener.statusProperty().get());
    }
}
