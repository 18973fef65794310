#!/usr/bin/env python3
"""bench/layouts.py: one canonical leasehound log rewritten as other exports would write it.

    layouts.py LOG OUT_DIR

writes OUT_DIR/<layout>.<ext> for every layout below (the rows, their order and their values are
the log's; only the way they are written changes), and prints one line per layout: its file and
what changed. Used by bench/bench_layouts.sh.
"""
import csv
import datetime
import os
import sys

WORDS = {'lease_id': 'Order ID', 'created_at': 'Order Date', 'account_id': 'Customer ID',
         'first_name': 'First Name', 'last_name': 'Last Name', 'email': 'E-Mail Address',
         'phone': 'Phone Number', 'address': 'Street Address', 'city': 'City',
         'postcode': 'ZIP Code', 'country': 'Country Code', 'dob': 'Date of Birth',
         'id_number': 'ID Number', 'payment_type': 'Payment Method',
         'payment_fp': 'Card Fingerprint', 'signup_ip': 'Client IP', 'ip_country': 'IP Country',
         'ip_kind': 'IP Type', 'device_fp': 'Device ID', 'plan': 'Product',
         'region': 'Datacenter', 'amount': 'Total', 'currency': 'Currency',
         'duration_days': 'Duration'}


GERMAN = {'lease_id': 'Bestellnummer', 'created_at': 'Bestelldatum', 'account_id': 'Kundennummer',
          'first_name': 'Vorname', 'last_name': 'Name', 'email': 'E-Mail-Adresse',
          'phone': 'Telefon', 'address': 'Straße', 'city': 'Ort', 'postcode': 'PLZ',
          'country': 'Land', 'dob': 'Geburtsdatum', 'id_number': 'Ausweisnummer',
          'payment_type': 'Zahlungsart', 'payment_fp': 'Karten-Fingerprint',
          'signup_ip': 'IP-Adresse', 'ip_country': 'IP-Land', 'ip_kind': 'IP-Typ',
          'device_fp': 'Geräte-ID', 'plan': 'Produkt', 'region': 'Rechenzentrum',
          'amount': 'Betrag', 'currency': 'Währung', 'duration_days': 'Laufzeit'}


RENAMED = {'email': 'Contact', 'signup_ip': 'Origin', 'payment_fp': 'Billing Ref',
           'device_fp': 'Client Hash'}


def same(h, row):
    return row


def when(v):
    return datetime.datetime.strptime(v, '%Y-%m-%dT%H:%M:%SZ')


def us_export(h, row):
    """A US shop's export: M/D/Y h:mm AM/PM, "USD 5.00"."""
    ci, ai, ui = h.index('created_at'), h.index('amount'), h.index('currency')
    row[ci] = when(row[ci]).strftime('%m/%d/%Y %I:%M %p')
    if row[ai]:
        row[ai] = row[ui] + ' ' + row[ai]
    return row


def eu_export(h, row):
    """A spreadsheet in a European locale: D.M.Y H:M, a decimal comma, "12,50 EUR"."""
    ci, ai, ui, di = h.index('created_at'), h.index('amount'), h.index('currency'), h.index('dob')
    row[ci] = when(row[ci]).strftime('%d.%m.%Y %H:%M')
    if row[ai]:
        row[ai] = row[ai].replace('.', ',') + ' ' + row[ui]
    if row[di]:
        y, m, d = row[di].split('-')
        row[di] = '%s.%s.%s' % (d, m, y)
    return row


# A billing system's report: title lines above the header, and the columns a spreadsheet must
# keep as text (leading zeros, long digit strings) written as Excel's forced text, ="0123".
PREAMBLE = ['Lease report - all orders', 'Generated 2026-11-01 06:00 UTC by BillingDesk 7.2',
            'Filter:,all regions,all products', '']
FORCED = {'lease_id', 'account_id', 'phone', 'postcode', 'id_number'}

LAYOUTS = [
    ('unknown-names', 'csv', 'utf-8', ',', RENAMED, same, False,
     "the canonical file with its identifier columns under names that no alias knows (Contact, "
     "Origin, Billing Ref, Client Hash), so that only their values can tell what they are"),
    # name, extension, encoding, delimiter, header names, row rewrite, trailing delimiter, what
    ('excel-unicode-text', 'txt', 'utf-16', '\t', WORDS, us_export, True,
     "Excel's Unicode text: UTF-16LE with its byte-order mark, tab-separated, headers as words, "
     "M/D/Y h:mm AM/PM dates, amounts with a currency code, a tab after every row's last field"),
    ('german-spreadsheet', 'csv', 'utf-8-sig', ';', GERMAN, eu_export, False,
     "a spreadsheet in a German locale: UTF-8 with a byte-order mark, semicolons, German "
     "headers (Vorname, Name, E-Mail-Adresse, PLZ, Ort, ...), D.M.Y dates, decimal commas, "
     "amounts with a currency code after them"),
    ('legacy-windows-1252', 'csv', 'cp1252', ',', WORDS, us_export, True,
     "an older billing system: Windows-1252 (characters it lacks written as '?', as such "
     "exports do), CRLF, headers as words, M/D/Y h:mm AM/PM dates, amounts with a currency "
     "code, a comma after every row's last field"),
    ('billing-report', 'csv', 'utf-8', ',', WORDS, same, False,
     "a billing system's report: four lines above the header (a title, the time it was made, a "
     "filter line with commas, a blank line), headers as words, and the lease, account, phone, "
     "postcode and ID number cells written as Excel's forced text, =\"0123\" (unquoted)"),
]


def quoted(v, delim):
    """One field as csv.writer writes it (quoted when it holds the delimiter, a quote or a line
    break)."""
    if any(c in v for c in (delim, '"', '\r', '\n')):
        return '"' + v.replace('"', '""') + '"'
    return v


def main():
    src, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    for name, ext, enc, delim, words, rewrite, trailing, what in LAYOUTS:
        path = os.path.join(out, name + '.' + ext)
        lost = 0
        with open(src, newline='', encoding='utf-8') as f, \
                open(path, 'w', newline='', encoding=enc, errors='replace') as g:
            r = csv.reader(f)
            h = next(r)
            end = (delim if trailing else '') + '\r\n'
            w = csv.writer(g, delimiter=delim, lineterminator=end)
            forced = set()
            if name == 'billing-report':
                for line in PREAMBLE:
                    g.write(line + end)
                forced = {h.index(c) for c in FORCED}
            w.writerow([words.get(c, c) for c in h])
            for row in r:
                row = rewrite(h, row)
                if enc == 'cp1252':
                    for v in row:
                        try:
                            v.encode(enc)
                        except UnicodeEncodeError:
                            lost += 1
                if forced:
                    g.write(delim.join('="%s"' % v if k in forced and v and '"' not in v
                                       else quoted(v, delim) for k, v in enumerate(row)) + end)
                else:
                    w.writerow(row)
        print('%s\t%s\t%d' % (name, path, lost))
        print(what, file=sys.stderr)


if __name__ == '__main__':
    main()
