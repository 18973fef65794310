/* End-to-end tests of `leasehound scan` through the real binary: exit codes of DESIGN.md,
 * outputs, and the public benchmark files with their presets. */
#include "cli/cli.h"
#include "support/test_support.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

TMP_DIR_FIXTURE

static char *out_file(const char *name)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, NULL);
}

TestSuite(cli_scan, .init = setup, .fini = teardown);

Test(cli_scan, usage_errors_exit_2)
{
    cr_expect_eq(run_leasehound(dir, ""), 2);
    cr_expect_eq(run_leasehound(dir, "frobnicate"), 2);
    cr_expect_eq(run_leasehound(dir, "scan"), 2);
    cr_expect_eq(run_leasehound(dir, "scan x.csv"), 2, "no --out");
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --bogus"), 2);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --out p"), 2);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --max-rejects lots"), 2);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --preset nosuch"), 2);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --max-field-size 3"), 2);
}

Test(cli_scan, help_and_version_exit_0)
{
    cr_expect_eq(run_leasehound(dir, "--help"), 0);
    char *s = out_file("stdout.txt");
    cr_expect(strstr(s, "leasehound scan") != NULL);
    cr_expect(strstr(s, "Exit status") != NULL);
    free(s);
    cr_expect_eq(run_leasehound(dir, "scan --help"), 0);
    s = out_file("stdout.txt");
    cr_expect(strstr(s, "--max-rejects N|P%") != NULL, "%s", s);
    free(s);
    cr_expect_eq(run_leasehound(dir, "--version"), 0);
    s = out_file("stdout.txt");
    cr_expect_str_eq(s, "leasehound " LH_VERSION "\n");
    free(s);
}

Test(cli_scan, unreadable_input_exits_66)
{
    cr_expect_eq(run_leasehound(dir, "scan missing.csv --out o"), 66);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "missing.csv") != NULL, "%s", e);
    free(e);
}

Test(cli_scan, no_identifying_column_exits_65_and_says_what_was_found)
{
    free(tmp_write_str(dir, "x.csv", "order,when,zip\n1,2024-01-01,100\n"));
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o"), 65);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "no identifying column") != NULL, "%s", e);
    cr_expect(strstr(e, "order, when, zip") != NULL, "%s", e);
    free(e);
}

Test(cli_scan, unwritable_output_exits_73)
{
    free(tmp_write_str(dir, "x.csv", "email\na@b.org\n"));
    free(tmp_write_str(dir, "afile", "not a folder"));
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out afile"), 73);
}

Test(cli_scan, rejects_are_written_and_too_many_exit_65)
{
    free(tmp_write_str(dir, "x.csv", "lease_id,email\nA,a@b.org\nB\nC,c@d.org,extra\nD,\"=cmd\n"));
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --quiet"), 0);
    char *r = out_file("o/rejects.csv");
    cr_assert_not_null(r);
    cr_expect_str_eq(r, "file,line,byte_offset,reason,excerpt\n"
                        "x.csv,3,25,field_count,B\n"
                        "x.csv,4,27,field_count,\"C,c@d.org,extra\"\n"
                        "x.csv,5,43,unterminated_quote,\"D,\"\"=cmd\"\n");
    free(r);
    char *s = out_file("o/summary.json");
    cr_expect(strstr(s, "\"rejected\": 3") != NULL, "%s", s);
    /* each rule's window: the built-in spec's weak rules their own, the others block_window */
    cr_expect(strstr(s, "\"block\": \"dob\",\n        \"window\": 4,") != NULL, "%s", s);
    cr_expect(strstr(s, "\"block\": \"payment_fp\",\n        \"window\": 8,") != NULL, "%s", s);
    free(s);
    char *so = out_file("stdout.txt");
    cr_expect_str_eq(so, "", "--quiet");
    free(so);

    cr_expect_eq(run_leasehound(dir, "scan x.csv --out p --max-rejects 2"), 65);
    r = out_file("p/rejects.csv");
    cr_expect_not_null(r, "rejects.csv is published even when the run fails on rejects");
    free(r);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out q --max-rejects 3"), 0);
    /* 3 of 4 rows rejected is 75% */
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out q --max-rejects 75%"), 0);
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out q --max-rejects 74.9%"), 65);
}

/* A spreadsheet's export in a locale with a decimal comma: semicolons, amounts with a comma, and
 * an IP-intelligence vendor's usage type. The same leases as the comma file give the same
 * renters, and summary.json and stderr say which delimiter was read. */
Test(cli_scan, a_semicolon_export_reads_as_its_comma_twin)
{
    free(tmp_write_str(dir, "c.csv",
                       "lease_id,email,payment_fp,signup_ip,ip_kind,amount\n"
                       "A,ann@x.org,c1,203.0.113.5,hosting,12.50\n"
                       "B,bo@y.org,c1,198.51.100.7,business,1234.56\n"
                       "C,cy@z.org,c2,192.0.2.9,residential,7\n"));
    free(tmp_write_str(dir, "s.csv",
                       "lease_id;email;card_fingerprint;ip_address;usage_type;amount\n"
                       "A;ann@x.org;c1;203.0.113.5;DCH;12,50\n"
                       "B;bo@y.org;c1;198.51.100.7;COM;\"1.234,56\"\n"
                       "C;cy@z.org;c2;192.0.2.9;ISP;7\n"));
    cr_assert_eq(run_leasehound(dir, "scan c.csv --out oc --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan s.csv --out os"), 0);
    char *lc = out_file("oc/leases.csv"), *ls = out_file("os/leases.csv");
    cr_expect_str_eq(ls, lc);
    free(lc);
    free(ls);
    char *s = out_file("os/summary.json");
    cr_expect(strstr(s, "\"delimiter\": \";\"") != NULL, "%s", s);
    cr_expect(strstr(s, "ip_kind<-usage_type") != NULL, "%s", s);
    cr_expect(strstr(s, "\"amount\": 0") != NULL, "no amount unusable: %s", s);
    free(s);
    char *c = out_file("oc/summary.json");
    cr_expect(strstr(c, "\"delimiter\": \",\"") != NULL, "%s", c);
    free(c);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "fields separated by semicolons") != NULL, "%s", e);
    free(e);

    /* a row that normalizing rejects is quoted with the file's own delimiter */
    free(tmp_write_str(dir, "t.csv",
                       "lease_id;created_at;email\nD;yesterday;dee@x.org\n"
                       "E;2024-01-02;eve@y.org\n"));
    cr_assert_eq(run_leasehound(dir, "scan t.csv --out ot --quiet"), 0);
    char *r = out_file("ot/rejects.csv");
    cr_expect(strstr(r, "t.csv,2,") != NULL &&
                  strstr(r, "bad_created_at,D;yesterday;dee@x.org") != NULL,
              "%s", r);
    free(r);
}

/* A legacy billing system's Windows-1252 export and Excel's "Unicode text" (UTF-16 with its
 * byte-order mark, tab-separated) read as the same leases as the UTF-8 file. */
Test(cli_scan, windows_1252_and_utf_16_exports_read_as_their_utf_8_twin)
{
    static const char utf8[] =
        "lease_id,name,email,address,amount\n"
        "A,H\xc3\xa9l\xc3\xa8ne M\xc3\xbcller,hm@x.org,Calle Mayor 2\xc2\xba,9\n"
        "B,Jos\xc3\xa9 G\xc3\xb3mez,jg@y.org,Stra\xc3\x9f"
        "e 1,7\n"
        "C,Jos\xc3\xa9 G\xc3\xb3mez,jg@y.org,Stra\xc3\x9f"
        "e 1,7\n";
    static const char latin[] = "lease_id,name,email,address,amount\n"
                                "A,H\xe9l\xe8ne M\xfcller,hm@x.org,Calle Mayor 2\xba,9\n"
                                "B,Jos\xe9 G\xf3mez,jg@y.org,Stra\xdf"
                                "e 1,7\n"
                                "C,Jos\xe9 G\xf3mez,jg@y.org,Stra\xdf"
                                "e 1,7\n";
    free(tmp_write(dir, "u.csv", utf8, sizeof utf8 - 1));
    free(tmp_write(dir, "w.csv", latin, sizeof latin - 1));
    /* UTF-16LE: each Latin-1 byte of the Windows-1252 text is its code point here */
    char wide[2 * sizeof latin + 2] = {'\xff', '\xfe'};
    size_t n = 2;
    for (size_t i = 0; i + 1 < sizeof latin; i++) {
        wide[n++] = latin[i] == ',' ? '\t' : latin[i];
        wide[n++] = 0;
    }
    free(tmp_write(dir, "x.txt", wide, n));
    cr_assert_eq(run_leasehound(dir, "scan u.csv --out ou --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan x.txt --out ox --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan w.csv --out ow"), 0);
    char *lu = out_file("ou/leases.csv"), *lw = out_file("ow/leases.csv"),
         *lx = out_file("ox/leases.csv");
    cr_expect_str_eq(lw, lu);
    cr_expect_str_eq(lx, lu);
    free(lw);
    free(lx);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "w.csv: text read as WINDOWS-1252") != NULL, "%s", e);
    free(e);
    char *sw = out_file("ow/summary.json"), *sx = out_file("ox/summary.json"),
         *su = out_file("ou/summary.json");
    cr_expect(strstr(sw, "\"encoding\": \"WINDOWS-1252\"") != NULL, "%s", sw);
    cr_expect(strstr(sw, "\"accepted\": 3") != NULL, "%s", sw);
    cr_expect(strstr(sx, "\"encoding\": \"UTF-16LE\"") != NULL, "%s", sx);
    cr_expect(strstr(sx, "\"delimiter\": \"\\t\"") != NULL, "%s", sx);
    cr_expect(strstr(su, "\"encoding\": \"UTF-8\"") != NULL, "%s", su);
    free(sw);
    free(sx);
    free(su);

    /* read as UTF-8 on request, the Latin rows are rejected */
    cr_assert_eq(run_leasehound(dir, "scan w.csv --out o8 --encoding utf-8"), 0);
    char *out = out_file("stdout.txt");
    cr_expect(strstr(out, "invalid_utf8         3") != NULL, "%s", out);
    cr_expect(strstr(out, "--encoding") == NULL, "no hint when asked: %s", out);
    free(out);
    /* a UTF-8 file with one Latin row stays UTF-8: that row is rejected, with a hint */
    free(tmp_write_str(dir, "m.csv", "lease_id,name\nA,Jos\xc3\xa9 G\xc3\xb3mez\nB,M\xfcller\n"));
    cr_assert_eq(run_leasehound(dir, "scan m.csv --out om"), 0);
    out = out_file("stdout.txt");
    cr_expect(strstr(out, "invalid_utf8         1") != NULL, "%s", out);
    cr_expect(strstr(out, "name the export's encoding with --encoding") != NULL, "%s", out);
    free(out);
    /* a name iconv does not know is a usage error */
    cr_expect_eq(run_leasehound(dir, "scan w.csv --out o9 --encoding klingon"), 2);
    free(lu);
}

/* created_at as spreadsheets and billing systems write it: a file's dates that have one reading
 * (25/12 is day first, 12/25 month first) decide how its dates with two are read. */
Test(cli_scan, slash_dates_are_read_in_the_order_their_file_shows)
{
    free(tmp_write_str(dir, "us.csv",
                       "lease_id,created_at,email\n"
                       "A,12/25/2023 11:30 PM,aaa@gmail.com\n"
                       "B,01/03/2024 9:05 AM,bbb@gmail.com\n"
                       "C,\"Mar 5, 2024\",ccc@gmail.com\n"
                       "D,45352.5,ddd@gmail.com\n"
                       "A,25/12/2023 10:00,eee@gmail.com\n" /* duplicates: no vote */
                       "A,26/12/2023 10:00,fff@gmail.com\n"));
    free(tmp_write_str(dir, "eu.csv",
                       "lease_id,created_at,email\n"
                       "A,25/12/2023 23:30,aaa@gmail.com\n"
                       "B,01/03/2024 09:05,bbb@gmail.com\n"
                       "C,05-Mar-2024,ccc@gmail.com\n"
                       "D,01.03.2024 12:00,ddd@gmail.com\n"));
    cr_assert_eq(run_leasehound(dir, "scan us.csv --out ous"), 0);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "created_at read month first (M/D/Y): 1 dates read either way, 0 only day "
                        "first, 1 only month first") != NULL,
              "%s", e);
    free(e);
    cr_assert_eq(run_leasehound(dir, "scan eu.csv --out oeu --quiet"), 0);
    char *us = out_file("ous/renters.csv"), *eu = out_file("oeu/renters.csv");
    cr_expect(strstr(us, ",2024-01-03T09:05:00Z,2024-01-03T09:05:00Z,") != NULL, "%s", us);
    cr_expect(strstr(us, ",2023-12-25T23:30:00Z,") != NULL, "%s", us);
    cr_expect(strstr(us, ",2024-03-05T00:00:00Z,") != NULL, "%s", us);
    cr_expect(strstr(us, ",2024-03-01T12:00:00Z,") != NULL, "%s", us);
    cr_expect(strstr(eu, ",2024-03-01T09:05:00Z,2024-03-01T09:05:00Z,") != NULL, "%s", eu);
    cr_expect(strstr(eu, ",2024-03-01T12:00:00Z,") != NULL, "%s", eu);
    free(us);
    free(eu);
    char *su = out_file("ous/summary.json"), *se = out_file("oeu/summary.json");
    cr_expect(strstr(su, "\"created_at_order\": \"month first\"") != NULL, "%s", su);
    cr_expect(strstr(se, "\"created_at_order\": \"day first\"") != NULL, "%s", se);
    cr_expect(strstr(su, "\"duplicate_lease_id\": 2") != NULL, "%s", su);
    free(su);
    free(se);
}

/* Rows that end with a delimiter under a header that does not; a header that does names an
 * unnamed last column, which rows must then have. */
Test(cli_scan, trailing_delimiters_keep_every_row)
{
    free(tmp_write_str(dir, "h.csv",
                       "lease_id,email,\nA,aaa@gmail.com,\nB,bbb@gmail.com\nC,ccc@gmail.com,x\n"));
    free(tmp_write_str(dir, "r.csv", "lease_id,email\nA,aaa@gmail.com,\nB,bbb@gmail.com\n"));
    cr_assert_eq(run_leasehound(dir, "scan h.csv --out oh --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan r.csv --out or --quiet"), 0);
    char *h = out_file("oh/summary.json"), *r = out_file("or/summary.json");
    cr_expect(strstr(h, "\"accepted\": 2,\n    \"rejected\": 1") != NULL, "A and C: %s", h);
    cr_expect(strstr(r, "\"accepted\": 2,\n    \"rejected\": 0") != NULL, "%s", r);
    free(h);
    free(r);
}

/* Identifier columns under names leasehound does not know are recognised by their values:
 * the same leases as the canonical file. */
Test(cli_scan, identifier_columns_under_unknown_names_are_read_by_their_values)
{
    cr_assert_eq(run_leasehound(dir, "gen --scenario hard --leases 3000 --seed 5 --out c.csv"), 0);
    char *c = out_file("c.csv");
    char *nl = strchr(c, '\n');
    cr_assert(nl != NULL);
    static const char header[] =
        "lease_id,created_at,account_id,first_name,last_name,Kontakt,phone,address,city,"
        "postcode,country,dob,id_number,payment_type,Zahlungsmittel,Herkunft,ip_country,ip_kind,"
        "Kennung,plan,region,amount,currency,duration_days";
    cr_assert(strncmp(c, "lease_id,created_at,account_id,first_name,last_name,email,", 58) == 0,
              "gen's header changed: %.200s", c);
    size_t rest = strlen(nl);
    char *u = malloc(sizeof header + rest);
    memcpy(u, header, sizeof header - 1);
    memcpy(u + sizeof header - 1, nl, rest + 1);
    free(tmp_write_str(dir, "u.csv", u));
    free(u);
    free(c);
    cr_assert_eq(run_leasehound(dir, "scan c.csv --out oc --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan u.csv --out ou"), 0);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "email<-Kontakt (by its values)") && strstr(e, "signup_ip<-Herkunft (by") &&
                  strstr(e, "payment_fp<-Zahlungsmittel (by") &&
                  strstr(e, "device_fp<-Kennung (by"),
              "%s", e);
    free(e);
    char *lc = out_file("oc/leases.csv"), *lu = out_file("ou/leases.csv");
    cr_expect_str_eq(lu, lc);
    free(lc);
    free(lu);
}

static size_t count_lines_of(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += *s == '\n';
    return n;
}

/* dir/name as gzip, from text. */
static void write_gzip(const char *name, const char *text)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    gzFile g = gzopen(path, "wb");
    cr_assert_not_null(g);
    cr_assert_eq(gzwrite(g, text, (unsigned)strlen(text)), (int)strlen(text));
    cr_assert_eq(gzclose(g), Z_OK);
}

/* dir/name: `before`, then the text of dir/from, then `after`. */
static void write_around(const char *name, const char *before, const char *from, const char *after)
{
    char *body = out_file(from);
    cr_assert_not_null(body);
    size_t nb = strlen(before), n = strlen(body), na = strlen(after);
    char *t = malloc(nb + n + na + 1);
    memcpy(t, before, nb);
    memcpy(t + nb, body, n);
    memcpy(t + nb + n, after, na + 1);
    free(tmp_write_str(dir, name, t));
    free(t);
    free(body);
}

/* A billing system's export with a title and a blank line above the header reads as the same
 * leases as the file without them, with the same keys; rejects keep the file's own line
 * numbers; stderr and summary.json say how many lines were skipped. */
Test(cli_scan, lines_above_the_header_are_skipped_and_reported)
{
    cr_assert_eq(run_leasehound(dir, "gen --scenario hard --leases 400 --seed 5 --out g.csv"), 0);
    write_around("c.csv", "", "g.csv", "X1,too,few\n");
    write_around("t.csv", "Lease export generated 2026-11-01 by BillingPro\n\n", "g.csv",
                 "X1,too,few\n");
    cr_assert_eq(run_leasehound(dir, "scan c.csv --out oc --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan t.csv --out ot"), 0);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "t.csv: skipped 2 lines above the header (line 3)") != NULL, "%s", e);
    free(e);
    static const char *const same[] = {"leases.csv", "renters.csv", "evidence.jsonl"};
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        char a[64], b[64];
        snprintf(a, sizeof a, "oc/%s", same[i]);
        snprintf(b, sizeof b, "ot/%s", same[i]);
        char *x = out_file(a), *y = out_file(b);
        cr_expect_str_eq(y, x, "%s", same[i]);
        free(x);
        free(y);
    }
    char *rc = out_file("oc/rejects.csv"), *rt = out_file("ot/rejects.csv");
    cr_expect(strstr(rc, "\nc.csv,402,") != NULL, "%s", rc);
    cr_expect(strstr(rt, "\nt.csv,404,") != NULL && count_lines_of(rt) == 2, "%s", rt);
    free(rc);
    free(rt);
    char *sc = out_file("oc/summary.json"), *st = out_file("ot/summary.json");
    cr_expect(strstr(sc, "\"preamble_lines\": 0") != NULL, "%s", sc);
    cr_expect(strstr(st, "\"preamble_lines\": 2") != NULL, "%s", st);
    cr_expect(strstr(st, "\"rows\": 401,") != NULL, "the title is no row: %s", st);
    free(sc);
    free(st);

    /* a key,value block whose first pair maps an identifying column (account_id) */
    write_around("a.csv", "Account,ACME Hosting GmbH\nPeriod,2026-10\n", "g.csv", "");
    cr_assert_eq(run_leasehound(dir, "scan a.csv --out oa --quiet"), 0);
    char *la = out_file("oa/leases.csv"), *lc = out_file("oc/leases.csv");
    cr_expect_str_eq(la, lc);
    free(la);
    free(lc);
    char *sa = out_file("oa/summary.json");
    cr_expect(strstr(sa, "\"preamble_lines\": 2") != NULL, "%s", sa);
    free(sa);

    cr_assert_eq(run_leasehound(dir, "keys c.csv --out kc.csv --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "keys t.csv --out kt.csv --quiet"), 0);
    char *kc = out_file("kc.csv"), *kt = out_file("kt.csv");
    cr_expect(kc && kt && strcmp(kc, kt) == 0, "keys reads the same leases");
    free(kc);
    free(kt);
}

/* Several inputs, each with its own layout: a gzip spreadsheet export whose title has commas
 * in prose above a semicolon header, a key,value block above a comma header, and a plain file;
 * with --map naming the columns of the one under a title. */
Test(cli_scan, each_input_skips_its_own_preamble_and_chooses_its_own_delimiter)
{
    write_gzip("s.csv.gz", "Orders, all regions, November 2026\n"
                           "lease_id;email;card_fingerprint;amount\n"
                           "A;ann@x.org;c1;12,50\nB;bo@y.org;c1;7\n");
    free(tmp_write_str(dir, "k.csv",
                       "Report: All orders\r\n==========\r\nEmail,ops@example.com\r\n"
                       "Generated,2026-11-01\r\n\r\n"
                       "Order,Mail,Card,Total\r\nC,cy@z.org,c2,5\r\nD,dee@x.org,c1,6\r\n"));
    free(tmp_write_str(dir, "p.csv", "lease_id,email,card,amount\nE,eve@y.org,c3,1\n"));
    cr_assert_eq(run_leasehound(dir, "scan s.csv.gz k.csv p.csv --out o "
                                     "--map 'lease_id=Order|lease_id,email=Mail|email,"
                                     "payment_fp=Card|card_fingerprint|card,amount=Total|amount'"),
                 0);
    char *s = out_file("o/summary.json");
    const char *k = s ? strstr(s, "k.csv") : NULL, *p = k ? strstr(k, "p.csv") : NULL;
    cr_assert(p != NULL, "%s", s);
    const char *ps = strstr(s, "\"delimiter\": \";\",\n      \"encoding\": \"UTF-8\",\n      "
                               "\"preamble_lines\": 1"),
               *pk = strstr(k, "\"preamble_lines\": 5");
    cr_expect(ps != NULL && ps < k, "s.csv.gz: %s", s);
    cr_expect(pk != NULL && pk < p, "k.csv: %s", s);
    cr_expect(strstr(p, "\"preamble_lines\": 0") != NULL, "%s", s);
    cr_expect(strstr(s, "\"accepted\": 5,\n    \"rejected\": 0") != NULL, "%s", s);
    free(s);
    char *l = out_file("o/leases.csv");
    cr_expect(strstr(l, "\nA,") && strstr(l, "\nC,") && strstr(l, "\nE,"), "%s", l);
    free(l);
}

/* What has no header below its first line reads as before: a first line that is a header with
 * an odd column keeps its first row; a data file without a header, or a title above a header
 * without an identifying column, exits 65 naming the first line's fields. */
Test(cli_scan, a_file_without_a_header_below_its_first_line_reads_as_before)
{
    free(tmp_write_str(dir, "h.csv",
                       "lease_id,email,Odd Column\nL1,a@b.org,lease_id\nL2,c@d.org,y\n"));
    cr_assert_eq(run_leasehound(dir, "scan h.csv --out oh --quiet"), 0);
    char *s = out_file("oh/summary.json");
    cr_expect(strstr(s, "\"accepted\": 2,") && strstr(s, "\"preamble_lines\": 0"), "%s", s);
    free(s);

    free(tmp_write_str(dir, "d.csv", "1,2024-01-01,100\n2,2024-01-02,200\n"));
    cr_expect_eq(run_leasehound(dir, "scan d.csv --out od"), 65);
    char *e = out_file("stderr.txt");
    cr_expect(strstr(e, "Headers found: 1, 2024-01-01, 100.") != NULL, "%s", e);
    free(e);

    free(tmp_write_str(dir, "t.csv", "Report\norder,when,zip\n1,2024-01-01,100\n"));
    cr_expect_eq(run_leasehound(dir, "scan t.csv --out ot"), 65);
    e = out_file("stderr.txt");
    cr_expect(strstr(e, "Headers found: Report.") != NULL, "%s", e);
    cr_expect(strstr(e, "skipped") == NULL, "%s", e);
    free(e);
}

/* Excel's forced text: lease ids, phones and postcodes written ="0123" (unquoted) or
 * "=""0123""" (quoted) read as their twin without the wrapping, leading zeros kept; a stray
 * quote beside them is still a quote reject. */
Test(cli_scan, excel_forced_text_reads_as_its_plain_twin)
{
    free(tmp_write_str(dir, "p.csv",
                       "lease_id,email,phone,postcode,country\n"
                       "0001,ann@x.org,09012345678,01234,JP\n"
                       "0002,bo@y.org,09012345678,00501,US\n"
                       "0003,cy@z.org,+81 90 1111 2222,0100,JP\n"));
    free(tmp_write_str(dir, "x.csv",
                       "lease_id,email,phone,postcode,country\n"
                       "=\"0001\",ann@x.org,=\"09012345678\",=\"01234\",JP\n"
                       "\"=\"\"0002\"\"\",bo@y.org,\"=\"\"09012345678\"\"\",\"=\"\"00501\"\"\",US\n"
                       "=\"0003\",cy@z.org,=\"+81 90 1111 2222\",=\"0100\",JP\n"
                       "=\"0004\",dee@x.org,090\"123,=\"0100\",JP\n"));
    cr_assert_eq(run_leasehound(dir, "scan p.csv --out op --quiet"), 0);
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out ox --quiet"), 0);
    char *lp = out_file("op/leases.csv"), *lx = out_file("ox/leases.csv");
    cr_expect_str_eq(lx, lp);
    cr_expect(strstr(lx, "\n0001,") != NULL, "%s", lx);
    free(lp);
    free(lx);
    char *rp = out_file("op/renters.csv"), *rx = out_file("ox/renters.csv");
    cr_expect_str_eq(rx, rp);
    free(rp);
    free(rx);
    char *r = out_file("ox/rejects.csv");
    cr_expect_str_eq(
        r, "file,line,byte_offset,reason,excerpt\n"
           "x.csv,5,187,quote,\"'=\"\"0004\"\",dee@x.org,090\"\"123,=\"\"0100\"\",JP\"\n");
    free(r);
}

Test(cli_scan, formula_like_fields_are_neutralised_in_rejects)
{
    free(tmp_write_str(dir, "x.csv", "lease_id,email\n=HYPERLINK(1)\n@SUM(1)\n"));
    cr_expect_eq(run_leasehound(dir, "scan x.csv --out o --quiet"), 0);
    char *r = out_file("o/rejects.csv");
    cr_expect(strstr(r, ",\"'=HYPERLINK(1)\"\n") != NULL, "%s", r);
    cr_expect(strstr(r, ",\"'@SUM(1)\"\n") != NULL, "%s", r);
    free(r);
}

static void scan_external(const char *file, const char *preset, const char *rows)
{
    const char *ext = external_data_dir();
    if (ext == NULL)
        cr_skip_test("external datasets absent");
    char args[8192];
    snprintf(args, sizeof args, "scan '%s/%s' --preset %s --out o", ext, file, preset);
    cr_assert_eq(run_leasehound(dir, args), 0);
    char *s = out_file("o/summary.json");
    char want[128];
    snprintf(want, sizeof want, "\"rows\": %s,\n    \"accepted\": %s,\n    \"rejected\": 0", rows,
             rows);
    cr_expect(strstr(s, want) != NULL, "%s: %s", file, s);
    free(s);
}

Test(cli_scan, reads_every_row_of_febrl_dataset1)
{
    scan_external("febrl_dataset1.csv", "febrl", "1000");
}

Test(cli_scan, reads_every_row_of_febrl_dataset2)
{
    scan_external("febrl_dataset2.csv", "febrl", "5000");
}

Test(cli_scan, reads_every_row_of_the_splink_sample)
{
    scan_external("splink_fake_1000_tests.csv", "splink", "1000");
}

Test(cli_options, table_is_sorted_and_every_option_has_help)
{
    size_t n;
    const cli_option *o = cli_options(&n);
    for (size_t i = 0; i < n; i++) {
        cr_expect(o[i].help && *o[i].help, "--%s has help", o[i].name);
        cr_expect(o[i].commands && *o[i].commands, "--%s names its commands", o[i].name);
        if (i)
            cr_expect(strcmp(o[i - 1].name, o[i].name) < 0, "--%s before --%s", o[i - 1].name,
                      o[i].name);
    }
}

/* A spec that fixes u of the identifiers per pair (key_u, as the built-in spec did before
 * key_rate) still works, with a note on stderr that a shared identifier then weighs less the
 * larger the log; --quiet silences it, and the built-in spec gives none. */
Test(cli_scan, a_spec_with_key_u_gets_a_note_on_stderr)
{
    char *spec = slurp(LH_SOURCE_DIR "/models/linkage.spec", NULL);
    cr_assert_not_null(spec);
    char *rate = strstr(spec, "\nkey_rate");
    cr_assert_not_null(rate, "the built-in spec sets key_rate");
    memcpy(rate + 1, "key_u   ", 8); /* "key_rate        1e-5" becomes "key_u           1e-5" */
    free(tmp_write_str(dir, "old.spec", spec));
    free(spec);
    free(tmp_write_str(dir, "x.csv", "lease_id,name,email\nL1,Ann Lee,ann@a.test\n"));
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out o --spec old.spec"), 0);
    char *err = out_file("stderr.txt");
    cr_expect(strstr(err, "note: old.spec sets key_u 1e-05") && strstr(err, "key_rate"), "%s", err);
    free(err);
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out o --spec old.spec --quiet"), 0);
    err = out_file("stderr.txt");
    cr_expect_str_eq(err, "");
    free(err);
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out o"), 0);
    err = out_file("stderr.txt");
    cr_expect(strstr(err, "key_u") == NULL, "%s", err);
    free(err);
}

/* A user adds a column (a customer number) with two lines of a spec and a --map pair: leases
 * that share it are one renter, although nothing else ties them. */
Test(cli_scan, a_user_column_links_through_the_spec_without_recompiling)
{
    char *spec = slurp(LH_SOURCE_DIR "/models/linkage.spec", NULL);
    cr_assert_not_null(spec);
    size_t n = strlen(spec);
    spec = realloc(spec, n + 128);
    strcat(spec, "\nfield cust exact customer_no key\nblock customer_no\n");
    free(tmp_write_str(dir, "my.spec", spec));
    free(spec);
    static char csv[32768];
    size_t o = (size_t)sprintf(csv, "lease_id,name,email,CustNo\n");
    for (int i = 0; i < 200; i++)
        o += (size_t)sprintf(csv + o, "L%d,Person %d Example,p%d@example%d.org,C%d\n", i, i, i,
                             i % 7, i + 1000);
    sprintf(csv + o, "X1,Alice Martin,alice@a.test,C-SHARED\nX2,Bob Stone,bob@b.test,C-SHARED\n");
    free(tmp_write_str(dir, "x.csv", csv));
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out o --quiet --spec my.spec "
                                     "--map customer_no=CustNo"),
                 0);
    char *leases = out_file("o/leases.csv");
    char *x1 = strstr(leases, "\nX1,"), *x2 = strstr(leases, "\nX2,");
    cr_assert(x1 && x2);
    char r1[64] = "", r2[64] = "";
    sscanf(x1 + 4, "%63[^,]", r1);
    sscanf(x2 + 4, "%63[^,]", r2);
    cr_expect_str_eq(r1, r2, "the shared customer number makes one renter");
    cr_expect(strstr(leases, "\nL0,R-L0,") != NULL, "others stay apart");
    free(leases);
    /* without the spec lines the column is not compared */
    cr_assert_eq(run_leasehound(dir, "scan x.csv --out p --quiet --map customer_no=CustNo"), 0);
    leases = out_file("p/leases.csv");
    cr_expect(strstr(leases, "\nX2,R-X2,") != NULL, "%s", strstr(leases, "\nX1"));
    free(leases);
}
