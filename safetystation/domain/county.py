"""县名册 (issue #19): the towns a county expects a monthly workbook from, kept in the county's own
database (the county bureau runs the program too). The 县级汇总 lists a town without an accepted
workbook on its 未报送 sheet; a station uid, when entered, is checked against the workbook's."""

from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_SYSTEM, col, register
from safetystation.domain.validators import check_phone


class CountyTown(LedgerBase, table=True):
    """A town (乡镇/街道) of the county roster."""

    __tablename__ = "county_roster"
    town: str = col(
        "乡镇(街道)",
        required=True,
        max_length=40,
        unique=True,
        search=True,
        synonyms=("乡镇", "乡镇(街道)名称", "乡镇名称", "所属地区", "街道"),
    )
    station_uid: str | None = col(
        "安监站标识",
        max_length=32,
        width=34,
        synonyms=("标识",),
        help="乡镇报表工作簿“报送信息”表中的安监站标识；填写后县级汇总会核对，可不填",
    )
    contact: str | None = col("联系人", max_length=20)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    note: str | None = col("备注", max_length=200)


COUNTY_ROSTER = register(
    CountyTown, title="县名册（县级汇总）", group=GROUP_SYSTEM, title_field="town", order_by=("town", "id")
)
