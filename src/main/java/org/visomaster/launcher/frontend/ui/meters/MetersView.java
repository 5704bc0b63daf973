package org.visomaster.launcher.frontend.ui.meters;

import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.visomaster.launcher.frontend.ui.controls.Meter;

/** The meters column: GPUs (or "No NVIDIA GPU detected"), CPU, RAM, workspace disk, VisoMaster's footprint. */
public final class MetersView extends VBox {
    private final MetricsViewModel vm;
    private final VBox gpus = new VBox(4);

    public MetersView(MetricsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("meters-view");
        setId("meters");
        setSpacing(6);
        Label heading = new Label("Resources");
        heading.getStyleClass().add("section-title");
        Label note = new Label();
        note.setId("gpu-note");
        note.setWrapText(true);
        note.getStyleClass().add("gpu-note");
        note.textProperty().bind(vm.gpuNoteProperty());
        note.visibleProperty().bind(vm.gpuNoteProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        gpus.setId("gpu-meters");
        vm.gpuMeters().addListener((ListChangeListener<MeterModel>) c -> rebuildGpus());
        rebuildGpus();
        Label footprint = new Label();
        footprint.setId("viso-footprint");
        footprint.setWrapText(true);
        footprint.textProperty().bind(vm.visomasterProperty());
        getChildren().addAll(heading, note, gpus, meter(vm.cpu(), "meter-cpu"), meter(vm.ram(), "meter-ram"),
                meter(vm.disk(), "meter-disk"), footprint);
    }

    private void rebuildGpus() {
        gpus.getChildren().clear();
        for (int i = 0; i < vm.gpuMeters().size(); i++) {
            String id = "meter-gpu-" + (i / 2) + (i % 2 == 0 ? "-util" : "-vram");
            gpus.getChildren().add(meter(vm.gpuMeters().get(i), id));
        }
    }

    private static Meter meter(MeterModel m, String id) {
        Meter meter = new Meter();
        meter.setId(id);
        meter.titleProperty().bind(m.titleProperty());
        meter.valueProperty().bind(m.valueProperty());
        meter.detailProperty().bind(m.detailProperty());
        meter.fractionProperty().bind(m.fractionProperty());
        meter.historyProperty().bind(m.historyProperty());
        return meter;
    }
}
