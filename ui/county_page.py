"""县级汇总 (issue #19): the county bureau chooses a folder (or several workbooks) of the townships'
monthly reports and a month; the workbooks are read and checked in the background, each file's
checks are shown in a table, and the county workbook (县汇总.xlsx) is saved — refused while a
workbook failed or a town of the roster sent none, unless the clerk ticks 缺报时仍汇总其余乡镇."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from ui.file_dialogs import choose_folder, open_file, save_file, show_made, start_folder

COLUMNS = ["文件", "乡镇(街道)", "核对结果", "问题"]


class CountyPage(QWidget):
    """县级汇总: choose the township workbooks and the month, check them, save the county workbook."""

    open_ledger = Signal(str, dict)  # 编辑县名册: the roster's ledger page

    def __init__(self, ledger: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ledger = ledger  # the county's own database: its 县名册 (none in a test of the page alone)
        self.sources: list[Path] = []
        self.roster_file: Path | None = None
        self.roster: list[Any] | None = None
        self.result: Any = None  # the last Consolidation
        last = dt.date.today().replace(day=1) - dt.timedelta(days=1)  # the month just ended
        self.month = QDateEdit()
        self.month.setDisplayFormat("yyyy年M月")
        self.month.setCalendarPopup(True)
        self.month.setDate(QDate(last.year, last.month, 1))
        self.month.dateChanged.connect(self._stale)
        self.folder_button = QPushButton(self.tr("选择文件夹…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.files_button = QPushButton(self.tr("选择工作簿…"))
        self.files_button.clicked.connect(self.choose_files)
        self.roster_button = QPushButton(self.tr("县名册文件…"))
        self.roster_button.setToolTip(
            self.tr("本次改用一个名册文件：有“乡镇(街道)”栏（可有“安监站标识”栏）的 .xlsx/.csv；默认用“县名册”台账")
        )
        self.roster_button.clicked.connect(self.choose_roster)
        self.edit_roster = QPushButton(self.tr("编辑县名册"))
        self.edit_roster.setToolTip(self.tr("县名册列出应报送的乡镇，用于列出未报送的乡镇（也可从Excel导入）"))
        self.edit_roster.clicked.connect(lambda: self.open_ledger.emit("county_roster", {}))
        self.edit_roster.setVisible(ledger is not None)
        self.check_button = QPushButton(self.tr("核对"))
        self.check_button.clicked.connect(self.check)
        self.allow = QCheckBox(self.tr("缺报或有工作簿未通过核对时，仍汇总其余乡镇"))
        self.save_button = QPushButton(self.tr("生成县汇总工作簿…"))
        self.save_button.clicked.connect(self.save)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("月份")))
        bar.addWidget(self.month)
        bar.addWidget(self.folder_button)
        bar.addWidget(self.files_button)
        bar.addWidget(self.roster_button)
        bar.addWidget(self.edit_roster)
        bar.addWidget(self.check_button)
        bar.addStretch(1)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.allow)
        bar2.addStretch(1)
        bar2.addWidget(self.save_button)
        self.sources_label = QLabel(self.tr("尚未选择乡镇报表"))
        self.sources_label.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        head = self.table.horizontalHeader()
        for c in range(3):
            head.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.tr("<b>县级汇总</b>：核对各乡镇报送的月报工作簿，生成县汇总工作簿")))
        lay.addLayout(bar)
        lay.addWidget(self.sources_label)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.summary)
        lay.addLayout(bar2)
        self._update()

    # --- choosing -----------------------------------------------------------------------------------
    def period(self) -> tuple[int, int]:
        d = self.month.date().toPython()
        return d.year, d.month

    def set_sources(self, sources: list[Path]) -> None:
        self.sources = [Path(s) for s in sources]
        self._stale()

    def choose_folder(self) -> None:
        folder = choose_folder(self, self.tr("选择存放乡镇报表的文件夹"), "county")
        if folder is not None:
            self.set_sources([folder])
            self.check()

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("选择乡镇报表工作簿"), str(start_folder("county")), "Excel (*.xlsx *.xls)"
        )
        if paths:
            self.set_sources([Path(p) for p in paths])
            self.check()

    def choose_roster(self) -> None:
        from safetystation.county.consolidate import read_roster

        path = open_file(self, self.tr("选择县名册"), "county", "表格 (*.xlsx *.xls *.ods *.csv)")
        if path is None:
            return
        try:
            self.roster = read_roster(path)
        except UserError as e:
            QMessageBox.warning(self, self.tr("无法读取县名册"), str(e))
            return
        self.roster_file = path
        self._stale()

    def _stored_roster(self) -> list[Any] | None:
        from safetystation.county.consolidate import stored_roster

        return stored_roster(self.ledger) if self.ledger is not None else None

    def _stale(self, *_: object) -> None:
        self.result = None
        self.table.setRowCount(0)
        self.summary.clear()
        self._update()

    def _update(self) -> None:
        if not self.sources:
            text = self.tr("尚未选择乡镇报表")
        elif len(self.sources) == 1 and self.sources[0].is_dir():
            text = self.tr("文件夹：{0}").format(self.sources[0])
        else:
            text = self.tr("{0}个工作簿：{1}").format(len(self.sources), "、".join(p.name for p in self.sources[:5]))
        if self.roster_file is None:
            self.roster = self._stored_roster()  # edited on its ledger page meanwhile: read it again
        where = self.roster_file.name if self.roster_file is not None else self.tr("县名册台账")
        roster = (
            self.tr("；县名册（{0}）：{1}个乡镇").format(where, len(self.roster))
            if self.roster is not None
            else self.tr("；未设县名册（不核对缺报的乡镇）")
        )
        self.sources_label.setText(text + roster)
        self.check_button.setEnabled(bool(self.sources))
        self.save_button.setEnabled(self.result is not None and bool(self.result.accepted))

    def _template(self) -> Any:
        """The county's registered report template: a township may send it filled instead (#19)."""
        from safetystation.excel.template import registered_template

        return registered_template(self.ledger.db) if self.ledger is not None else None

    # --- checking and saving ---------------------------------------------------------------------------
    def check(self) -> None:
        from safetystation.county.consolidate import ConsolidationCancelled, check_files
        from ui.tasks import run_in_background

        year, month = self.period()
        if self.roster_file is None:
            self.roster = self._stored_roster()
        sources, roster = list(self.sources), self.roster
        template = self._template()
        try:
            self.result = run_in_background(
                self,
                self.tr("正在核对乡镇报表…"),
                lambda progress, cancelled: check_files(
                    sources,
                    year=year,
                    month=month,
                    roster=roster,
                    progress=progress,
                    cancelled=cancelled,
                    template=template,
                ),
            )
        except ConsolidationCancelled:
            return
        except UserError as e:
            self._stale()
            QMessageBox.warning(self, self.tr("无法核对"), str(e))
            return
        self._show()

    def _show(self) -> None:
        c = self.result
        rows: list[tuple[str, str, str, str, bool]] = []
        for t in c.townships:
            state = self.tr("重复，只计一份") if t.duplicate else (self.tr("通过") if t.ok else self.tr("未通过"))
            text = "\n".join(
                f"{p.level}{'［' + p.sheet + (' ' + p.where if p.where else '') + '］' if p.sheet else ''}：{p.reason}"
                for p in t.problems
            )
            rows.append((t.name, t.town, state, text or self.tr("无"), not t.ok))
        rows += [(p.file, "", self.tr("未读取"), p.reason, False) for p in c.skipped]
        self.table.setRowCount(len(rows))
        for r, (name, town, state, text, bad) in enumerate(rows):
            for col, value in enumerate((name, town, state, text)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a long reason is cut to two lines in the table
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                if bad and col == 2:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(r, col, item)
        self.table.resizeRowsToContents()
        missing = c.missing() if c.roster is not None else []
        parts = [self.tr("通过核对{0}个乡镇").format(len(c.accepted))]
        if c.failed:
            parts.append(self.tr("未通过{0}个").format(len(c.failed)))
        if missing:
            parts.append(self.tr("县名册中未报送：{0}").format("、".join(e.town for e, _ in missing)))
        self.summary.setText("；".join(parts) + "。")
        self._update()

    def save(self) -> None:
        from safetystation.county.consolidate import write_county
        from ui.tasks import run_in_background

        c = self.result
        if c is None:
            return
        if c.blocking() and not self.allow.isChecked():
            QMessageBox.warning(
                self,
                self.tr("未生成县汇总"),
                self.tr("以下问题未解决，未生成县汇总。核对无误后再汇总，或勾选“仍汇总其余乡镇”：\n")
                + "\n".join(c.blocking()),
            )
            return
        year, month = self.period()
        chosen = save_file(self, self.tr("保存县汇总"), "county", f"县汇总{year}年{month}月.xlsx", "Excel (*.xlsx)")
        if chosen is None:
            return
        allow = self.allow.isChecked()
        try:
            run_in_background(
                self,
                self.tr("正在生成县汇总…"),
                lambda progress, cancelled: write_county(c, chosen, allow_missing=allow),
            )
        except UserError as e:
            QMessageBox.warning(self, self.tr("未生成县汇总"), str(e))
            return
        show_made(
            self,
            self.tr("已生成{0}个乡镇的县汇总（统计表、月报表、图表、未报送、问题）。").format(len(c.accepted)),
            chosen,
        )
