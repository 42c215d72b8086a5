"""County consolidation (issue #19): read the monthly report workbooks the township stations send
up, check each (period, sheets, FORMS §1 rules, names, the 报送信息 digest, duplicates) and write
the county's 县汇总 workbook. No Qt, no database needed (the roster may come from one)."""
