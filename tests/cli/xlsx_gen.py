#!/usr/bin/env python3
# Writes .xlsx workbooks by hand with zipfile (no spreadsheet library), the way Excel, WPS and other
# programs lay them out, for the import tests: xlsx_gen.py OUT CASE
#   objects-good   two objects: shared strings (one with rich-text runs and a phonetic run), inline
#                  strings, the region and an all-digit credit code stored as numbers, an exponent
#                  number, a date-formatted cell (in the address column), a skipped column, a blank row
#   objects-bad    the same rows plus one whose region code lies outside the city, on Excel row 7
#   objects-guard  objects-good with the address "'=…" (the CSV writer's formula guard, kept by Excel)
#   hidden-first   objects-good behind a hidden first sheet (which holds nothing importable)
#   people-good    people, every field typed as Excel types it (numbers for ids, TRUE for a bool)
#   not-zip        text that is not a zip, named .xlsx
#   no-sheet       a workbook whose worksheet entry is missing
#   bad-xml        a worksheet that is not well-formed XML
#   dtd            a worksheet carrying a DTD with an entity ("billion laughs" shape)
#   bomb           a worksheet whose declared uncompressed size is 3 GiB (over the cap)
#   bomb-lying     a worksheet declaring 1000 bytes that inflates to 20 MB
#   wide           a cell with content in column AMK (past the 1024-column cap)
#   many-strings   a workbook whose shared-string table exceeds the string count cap
import struct
import sys
import zipfile

NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
PKG = 'http://schemas.openxmlformats.org/package/2006/relationships'


def esc(s):
    return s.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


def col(n):
    s = ''
    while n:
        n, m = divmod(n - 1, 26)
        s = chr(65 + m) + s
    return s


class Book:
    def __init__(self):
        self.sst = []
        self.rows = []  # (excel row number, [cell xml…])

    def s(self, text):
        if text not in self.sst:
            self.sst.append(text)
        return self.sst.index(text)

    def row(self, r, cells):
        """cells: list of (column number, kind, value)."""
        xml = []
        for c, kind, v in cells:
            ref = f'{col(c)}{r}'
            if kind == 's':
                xml.append(f'<c r="{ref}" t="s"><v>{self.s(v)}</v></c>')
            elif kind == 'rich':  # shared string made of runs, with a phonetic run left out
                self.sst.append(v)
                xml.append(f'<c r="{ref}" t="s"><v>{len(self.sst) - 1}</v></c>')
            elif kind == 'inline':
                xml.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
            elif kind == 'n':
                xml.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif kind == 'date':
                xml.append(f'<c r="{ref}" s="1"><v>{v}</v></c>')
            elif kind == 'b':
                xml.append(f'<c r="{ref}" t="b"><v>{v}</v></c>')
            elif kind == 'styled-empty':
                xml.append(f'<c r="{ref}" s="2"/>')
        self.rows.append((r, ''.join(xml)))

    def sheet_xml(self):
        rows = ''.join(f'<row r="{r}">{x}</row>' for r, x in self.rows)
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
                f'xmlns:r="{RNS}"><sheetData>{rows}</sheetData></worksheet>')

    def sst_xml(self):
        items = []
        for v in self.sst:
            if isinstance(v, list):  # runs
                runs = ''.join(f'<r><rPr><b/></rPr><t xml:space="preserve">{esc(t)}</t></r>' for t in v)
                items.append(f'<si>{runs}<rPh sb="0" eb="1"><t>ピン</t></rPh></si>')
            else:
                items.append(f'<si><t xml:space="preserve">{esc(v)}</t></si>')
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{NS}" count="{len(self.sst)}" '
                f'uniqueCount="{len(self.sst)}">{"".join(items)}</sst>')

    def write(self, path, sheet=None, extra=None, drop=(), sheets='<sheet name="名录" sheetId="1" r:id="rId1"/>'):
        """path: a file name or a binary file object (io.BytesIO)."""
        parts = {
            '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
            '_rels/.rels': f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
            'xl/workbook.xml': f'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="{NS}" xmlns:r="{RNS}">'
            f'<workbookPr/><sheets>{sheets}</sheets></workbook>',
            'xl/_rels/workbook.xml.rels': f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{RNS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RNS}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{RNS}/styles" Target="/xl/styles.xml"/></Relationships>',
            'xl/styles.xml': f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet xmlns="{NS}">'
            '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="176" applyNumberFormat="1"/><xf numFmtId="49"/></cellXfs>'
            '</styleSheet>',
            'xl/worksheets/sheet1.xml': sheet if sheet is not None else self.sheet_xml(),
            'xl/sharedStrings.xml': self.sst_xml(),
        }
        parts.update(extra or {})
        with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
            for name, text in parts.items():
                if name not in drop:
                    z.writestr(name, text if isinstance(text, bytes) else text.encode())


HEAD = ['统一社会信用代码', '单位名称', '行政区划代码', '行业代码', '监管类别', '市管', '地址']


def objects(bad=False, guard=False):
    b = Book()
    # the header on row 1; column 7 left empty (a skipped column), the address in column 8
    b.row(1, [(i + 1 if i < 6 else 8, 's', h) for i, h in enumerate(HEAD)])
    b.row(2, [(1, 's', '91410821MA3X5K7B9Q'), (2, 'rich', ['修武县', '太行化工有限公司']),
              (3, 'n', '410821'), (4, 'n', '2614'), (5, 's', '重点'), (6, 's', '是'),
              (7, 'styled-empty', None), (8, 'date', '45000')])
    b.row(3, [])  # a row with no content
    b.row(4, [(1, 'n', '914108821734567860'), (2, 'inline', '沁阳市恒盛纸业有限公司'),
              (3, 'n', '4.10882E+5'), (4, 'n', '2221.0'), (5, 'inline', '一般'), (6, 'inline', '否'),
              (8, 'inline', '沁阳市沁北工业集聚区')])
    if guard:  # a suiji CSV export opened in Excel and saved as .xlsx: the formula guard kept as text
        b.rows[-1] = (4, b.rows[-1][1].replace('沁阳市沁北工业集聚区', "'=沁阳市沁北工业集聚区"))
    if bad:
        b.row(5, [(1, 's', '91410883MA44PQ1D8L'), (2, 's', '孟州市桑坡皮革制品有限公司'), (3, 'n', '410883'),
                  (4, 'n', '1910'), (5, 's', '特殊'), (6, 's', '否')])
    b.row(6, [(1, 'inline', '  '), (3, 'inline', '\t')])  # only spaces and tabs: skipped like a blank line
    if bad:
        b.row(7, [(1, 's', '92410825MA9FTL2N3N'), (2, 's', '温县张记汽车维修店'), (3, 'n', '110101'),
                  (4, 'n', '8111'), (5, 's', '一般'), (6, 's', '否')])
    return b


def people():
    b = Book()
    head = ['人员编号', '姓名', '人员类别', '执法证号', '单位', '行政区划代码', '工作年限', '在岗']
    b.row(1, [(i + 1, 's', h) for i, h in enumerate(head)])
    b.row(2, [(1, 's', 'P0101'), (2, 's', '赵文'), (3, 's', '执法'), (4, 'n', '41080010101'),
              (5, 's', '焦作市生态环境局'), (6, 'n', '410800'), (7, 'n', '12'), (8, 'b', '1')])
    b.row(3, [(1, 's', 'P0102'), (2, 's', '钱丽'), (3, 's', '执法'), (4, 'n', '4.1082110102E+10'),
              (5, 's', '焦作市生态环境局修武分局'), (6, 'n', '410821'), (7, 'n', '5.0'), (8, 'b', '0')])
    return b


def patch_sizes(path, entry, size):
    """Rewrites the uncompressed size of "entry" in its local header and the central directory."""
    data = bytearray(open(path, 'rb').read())
    name = entry.encode()
    i = 0
    while True:
        i = data.find(b'PK\x03\x04', i)
        if i < 0:
            break
        n, m = struct.unpack_from('<HH', data, i + 26)
        if data[i + 30:i + 30 + n] == name:
            struct.pack_into('<I', data, i + 22, size)
        i += 4
    i = 0
    while True:
        i = data.find(b'PK\x01\x02', i)
        if i < 0:
            break
        n = struct.unpack_from('<H', data, i + 28)[0]
        if data[i + 46:i + 46 + n] == name:
            struct.pack_into('<I', data, i + 24, size)
        i += 4
    open(path, 'wb').write(bytes(data))


def main():
    out, case = sys.argv[1], sys.argv[2]
    sheet = 'xl/worksheets/sheet1.xml'
    if case == 'objects-good':
        objects().write(out)
    elif case == 'objects-guard':
        objects(guard=True).write(out)
    elif case == 'objects-bad':
        objects(bad=True).write(out)
    elif case == 'people-good':
        people().write(out)
    elif case == 'hidden-first':
        objects().write(out, sheets='<sheet name="说明" sheetId="2" state="hidden" r:id="rId9"/>'
                        '<sheet name="名录" sheetId="1" r:id="rId1"/>')
    elif case == 'not-zip':
        open(out, 'w').write('统一社会信用代码,单位名称\n这不是 xlsx 文件,\n')
    elif case == 'no-sheet':
        objects().write(out, drop=(sheet,))
    elif case == 'bad-xml':
        objects().write(out, sheet=objects().sheet_xml().replace('</row><row r="4">', '</rw><row r="4">'))
    elif case == 'dtd':
        x = objects().sheet_xml().replace(
            '<worksheet', '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<worksheet', 1).replace('修武县', '&c;')
        objects().write(out, sheet=x)
    elif case == 'bomb':
        objects().write(out)
        patch_sizes(out, sheet, 3 << 30)
    elif case == 'bomb-lying':
        b = objects()
        x = b.sheet_xml().replace('</sheetData>', '</sheetData>' + ' ' * (20 << 20))
        b.write(out, sheet=x)
        patch_sizes(out, sheet, 1000)
    elif case == 'wide':
        b = objects()
        b.rows[1] = (2, b.rows[1][1] + '<c r="AMK2" t="inlineStr"><is><t>x</t></is></c>')
        b.write(out)
    elif case == 'many-strings':
        b = objects()
        sst = b.sst_xml().replace('</sst>', '<si/>' * 10000001 + '</sst>')
        b.write(out, extra={'xl/sharedStrings.xml': sst})
    else:
        sys.exit(f'unknown case {case}')


if __name__ == '__main__':
    main()
