package org.visomaster.launcher.frontend.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import javafx.animation.Animation;
import javafx.animation.AnimationTimer;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.visomaster.launcher.infra.metrics.MetricsService;
import org.visomaster.launcher.frontend.ui.guard.GuardHeaderView;
import org.visomaster.launcher.frontend.ui.console.ConsoleView;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.drop.DropViewModel;
import org.visomaster.launcher.frontend.ui.drop.DropZoneView;
import org.visomaster.launcher.frontend.ui.meters.MetersView;
import org.visomaster.launcher.frontend.ui.meters.MetricsViewModel;
import org.visomaster.launcher.frontend.ui.setup.SetupView;
import org.visomaster.launcher.frontend.ui.setup.SetupViewModel;
import org.visomaster.launcher.frontend.ui.setup.StepsView;
import org.visomaster.launcher.frontend.ui.viso.VisoMasterView;
import org.visomaster.launcher.frontend.ui.viso.VisoMasterViewModel;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.steps.source.GoodVersions;

/**
 * The launcher window: steps and VisoMaster controls on the left, Setup and Console tabs in the centre, meters on the
 * right, the drop strip at the bottom. Owns the view-models and the engine services' lifetime.
 */
final class LauncherWindow {
    public static final String TITLE = "VisoMaster Launcher";

    private final Stage stage;
    private final GuiServices services;
    private final UiServices ui;
    private final ConsoleViewModel console;
    private final SetupViewModel setup;
    private final VisoMasterViewModel viso;
    private final DropViewModel drop;
    private final MetricsViewModel metrics;
    private volatile MetricsService metricsService;
    private final BorderPane root = new BorderPane();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper(this, "ready");
    private DropZoneView dropZone;
    private GuardHeaderView guardHeader;
    private final TabPane tabs = new TabPane();
    private String selectedTab;
    private Predicate<String> confirmClose = this::askToClose;
    private Runnable onClosed = () -> {
    };
    private boolean closing;
    private final Label stackLabel = new Label();
    private final javafx.scene.control.Button updateButton = new javafx.scene.control.Button();
    private final javafx.scene.control.Button rollbackButton = new javafx.scene.control.Button();
    private GoodVersions.Good rollbackTo;
    private final Timeline updateTimer = new Timeline(new KeyFrame(
            javafx.util.Duration.minutes(30), e -> refreshStack()));
    private final java.util.concurrent.atomic.AtomicBoolean engineClosed =
            new java.util.concurrent.atomic.AtomicBoolean();

    public LauncherWindow(Stage stage, GuiServices services, UiServices ui) {
        this.stage = stage;
        this.services = services;
        this.ui = ui;
        console = new ConsoleViewModel(ui.executor(), ui.clipboard(), ui.opener(), services.workspace().logs());
        setup = new SetupViewModel(services.provision(), ui.executor(), console, ui.notifier(), ui.opener());
        viso = new VisoMasterViewModel(ui.executor(), console, ui.notifier(), setup.completeProperty(),
                services.supervisors(), setup::repair);
        setup.setLaunchAnywayAction(viso::launchAnyway);
        drop = new DropViewModel(services.imports(), ui.executor(), setup, console);
        metrics = new MetricsViewModel(ui.executor());

        root.setId("launcher-root");
        root.getStyleClass().add("launcher-root");
        root.setTop(createHeader());
        Label opening = new Label("Opening…");
        opening.getStyleClass().add("app-subtitle");
        root.setCenter(opening);

        Theme.apply();
        Scene scene = new Scene(root, 1280, 720);
        Theme.style(scene);
        stage.setScene(scene);
        stage.setTitle(TITLE);
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.setOnCloseRequest(e -> {
            e.consume();
            requestClose();
        });
    }

    private HBox createHeader() {
        Label title = new Label(TITLE);
        title.getStyleClass().add("app-title");
        Label ws = new Label("Workspace: " + services.workspace().root());
        ws.getStyleClass().add("app-subtitle");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label summary = new Label();
        summary.setId("header-summary");
        summary.getStyleClass().add("app-subtitle");
        summary.textProperty().bind(setup.summaryProperty());
        stackLabel.setId("header-stack");
        stackLabel.getStyleClass().add("app-subtitle");
        refreshStack();
        setup.summaryProperty().addListener((o, was, now) -> refreshStack());
        // the update check fetches at most every 30 minutes whoever asks; this asks that often
        updateTimer.setCycleCount(Animation.INDEFINITE);
        updateTimer.play();
        updateButton.setId("header-update");
        updateButton.setVisible(false);
        updateButton.setManaged(false);
        updateButton.setOnAction(e -> setup.update());
        rollbackButton.setId("header-rollback");
        rollbackButton.setVisible(false);
        rollbackButton.setManaged(false);
        rollbackButton.setOnAction(e -> {
            if (rollbackTo != null) {
                setup.rollbackTo(rollbackTo);
            }
        });
        guardHeader = new GuardHeaderView(services.workspace(), services.host(), ui.executor(), ui.notifier());
        HBox header = new HBox(16, title, ws, stackLabel, updateButton, rollbackButton, spacer, summary,
                guardHeader);
        header.setAlignment(Pos.BASELINE_LEFT);
        header.getStyleClass().add("app-header");
        return header;
    }

    /**
     * The header's "what is installed": profile, app version, requirements file and stack, Python, each choice with
     * where it came from in the tooltip (read off the FX thread: a few small files of the checkout).
     */
    private void refreshStack() {
        ui.executor().run(() -> HeaderStack.of(services), h -> {
            stackLabel.setText(h.text());
            stackLabel.setTooltip(new javafx.scene.control.Tooltip(h.details()));
            updateButton.setText(h.update() == null ? "" : "Update to " + h.update());
            updateButton.setVisible(h.update() != null);
            updateButton.setManaged(h.update() != null);
            rollbackTo = h.rollback();
            rollbackButton.setText(rollbackTo == null ? "" : "Roll back to " + rollbackTo.version());
            rollbackButton.setVisible(rollbackTo != null);
            rollbackButton.setManaged(rollbackTo != null);
        }, e -> stackLabel.setText("profile " + services.config().profile()));
    }

    /** The views; built after the first frame so the window appears at once (their first CSS pass is long). */
    private void createContent() {
        dropZone = new DropZoneView(drop);
        root.setLeft(scroll(new VBox(12, new StepsView(setup), new Separator(), new VisoMasterView(viso)),
                "left-column", 330));
        root.setCenter(createTabs());
        root.setRight(scroll(new MetersView(metrics), "right-column", 290));
        root.setBottom(dropZone);
        dropZone.install(root);
        BorderPane.setMargin(root.getCenter(), new Insets(0, 8, 0, 8));
        if (selectedTab != null) {
            selectTab(selectedTab);
        }
    }

    private TabPane createTabs() {
        tabs.setId("main-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Tab setupTab = new Tab("Setup", new SetupView(setup));
        setupTab.setId("setup-tab");
        Tab consoleTab = new Tab("Console", new ConsoleView(console));
        consoleTab.setId("console-tab");
        tabs.getTabs().addAll(setupTab, consoleTab);
        return tabs;
    }

    private static ScrollPane scroll(Region content, String id, double width) {
        content.getStyleClass().add("column");
        ScrollPane pane = new ScrollPane(content);
        pane.setId(id);
        pane.setFitToWidth(true);
        pane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        pane.setPrefWidth(width);
        pane.setMinWidth(width * 0.8);
        pane.getStyleClass().add("column-scroll");
        return pane;
    }

    /**
     * Shows the window with its header, builds the views on the next frame, and checks the installation
     * (provisioning starts if needed). Once the views are laid out the window is {@link #readyProperty() ready} and
     * the meters start: the GPU source and the system probe load native libraries, off the FX thread.
     */
    public void show() {
        stage.show();
        setup.checkOnOpen(services.config().autoProvision());
        new AnimationTimer() {
            private int frame;

            @Override
            public void handle(long now) {
                frame++;
                if (frame == 2 && !closing) {
                    createContent();
                } else if (frame == 3) {
                    stop();
                    if (!closing) {
                        ready.set(true);
                        startMeters();
                    }
                }
            }
        }.start();
    }

    private void startMeters() {
        ui.executor().run(() -> services.metrics().apply(viso::livePid), m -> {
            if (closing) {
                m.close();
                return;
            }
            metricsService = m;
            m.start(metrics::onSnapshot, Duration.ofSeconds(1));
        }, err -> console.append(ConsoleLine.Source.LAUNCHER,
                "The meters could not start: " + err.getMessage()));
    }

    /** A message from a second start of the launcher ("show", "launch"). Call on the FX thread. */
    public void handleMessage(String message) {
        if ("show".equals(message) || "launch".equals(message)) {
            stage.setIconified(false);
            stage.show();
            stage.toFront();
            stage.requestFocus();
        }
        if ("launch".equals(message)) {
            viso.requestLaunch();
        }
    }

    public void requestLaunch() {
        viso.requestLaunch();
    }

    /** The user closes the window: confirm when something would be stopped, then shut down. */
    public void requestClose() {
        List<String> busy = new ArrayList<>();
        if (viso.isAlive()) {
            busy.add("VisoMaster is running; closing the launcher stops it (save your work in VisoMaster first).");
        }
        if (setup.runningProperty().get()) {
            busy.add("Setup is running; it stops now and continues where it left off next time.");
        }
        if (busy.isEmpty() || confirmClose.test(String.join("\n", busy))) {
            shutdown();
        }
    }

    private boolean askToClose(String text) {
        ButtonType close = new ButtonType("Close the launcher", ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, text, close, ButtonType.CANCEL);
        alert.initOwner(stage);
        alert.setTitle(TITLE);
        alert.setHeaderText("Close the launcher?");
        return alert.showAndWait().filter(close::equals).isPresent();
    }

    /** Hides the window, stops VisoMaster, setup and the meters off the FX thread, then runs {@code onClosed}. */
    public void shutdown() {
        if (closing) {
            return;
        }
        closing = true;
        updateTimer.stop();
        stage.hide();
        ui.executor().run(() -> {
            closeEngine();
            return null;
        }, ok -> onClosed.run(), err -> onClosed.run());
    }

    /**
     * Stops VisoMaster, setup and the meters, once (the window's close and the JVM's shutdown hook may both ask):
     * a SIGTERM to the launcher must not leave VisoMaster running without it, and setup saves its state.
     */
    public void closeEngine() {
        if (guardHeader != null) {
            guardHeader.stop();
        }
        if (!engineClosed.compareAndSet(false, true)) {
            return;
        }
        try {
            viso.close();
        } finally {
            MetricsService m = metricsService;
            if (m != null) {
                m.close();
            }
            services.provision().close();
        }
    }

    /** What to run once everything is stopped (the application exits the FX toolkit). */
    public void setOnClosed(Runnable r) {
        onClosed = r;
    }

    /** For tests: how the close confirmation answers. */
    void setConfirmClose(Predicate<String> p) {
        confirmClose = p;
    }

    public Stage stage() {
        return stage;
    }

    public SetupViewModel setup() {
        return setup;
    }

    public ConsoleViewModel console() {
        return console;
    }

    public VisoMasterViewModel viso() {
        return viso;
    }

    public DropViewModel drop() {
        return drop;
    }

    /** True once every view is built and laid out (one or two frames after {@link #show()}). */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** The drop strip; null until the window is {@link #readyProperty() ready}. */
    public DropZoneView dropZone() {
        return dropZone;
    }

    public MetricsViewModel metrics() {
        return metrics;
    }

    /** Selects the tab with this id ("setup-tab", "console-tab"). */
    public void selectTab(String id) {
        selectedTab = id;
        tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }
}
