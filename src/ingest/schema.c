/* schema.c: the table of canonical columns and their aliases (see schema.h).
 *
 * Aliases are the header names that billing systems and public datasets use for a canonical
 * column (WHMCS, FEBRL, Splink, generic CRM exports). They are applied only when the file has
 * no header with the canonical name itself, and every mapping made is reported on stderr and in
 * summary.json, so an automatic choice is always visible.
 */
#include "ingest/schema.h"

#include <string.h>
#include <strings.h>

static const canon_info table[CANON_COUNT] = {
    [CANON_LEASE_ID] = {"lease_id", 0,
                        "id order_id orderid ordernum order_number service_id serviceid lease "
                        "rec_id record_id unique_id"
                        " bestellnummer auftragsnummer vertragsnummer numero_commande "
                        "numéro_de_commande numero_pedido número_de_pedido"},
    [CANON_CREATED_AT] = {"created_at", 0,
                          "created date datecreated date_created order_date orderdate timestamp "
                          "created_time signup_date regdate"
                          " bestelldatum erstellt_am date_de_commande date_commande fecha_pedido "
                          "fecha_de_pedido data_ordine"},
    [CANON_ACCOUNT_ID] = {"account_id", 1,
                          "account userid user_id client_id clientid customer_id customerid"
                          " kundennummer kunden_id numero_client numéro_client id_cliente"},
    [CANON_NAME] = {"name", 1, "full_name fullname customer_name client_name"},
    [CANON_FIRST_NAME] = {"first_name", 1,
                          "firstname given_name givenname forename"
                          " vorname prénom prenom nombre nome voornaam"},
    [CANON_LAST_NAME] = {"last_name", 1,
                         "lastname surname family_name familyname"
                         " nachname familienname nom nom_de_famille apellido apellidos cognome "
                         "sobrenome achternaam"},
    [CANON_EMAIL] = {"email", 1,
                     "e_mail email_address emailaddress mail"
                     " emailadresse e_mail_adresse courriel adresse_email adresse_e_mail correo "
                     "correo_electronico correo_electrónico"},
    [CANON_PHONE] = {"phone", 1,
                     "phonenumber phone_number telephone tel mobile phone_no"
                     " telefon telefonnummer téléphone teléfono telefono telefone handy mobil "
                     "portable móvil movil celular"},
    [CANON_ADDRESS] =
        {"address", 0,
         "address1 street street_address addr"
         " straße strasse adresse anschrift dirección direccion rue indirizzo endereço morada"},
    [CANON_CITY] = {"city", 0,
                    "town suburb locality"
                    " stadt ort wohnort ville ciudad città citta cidade localidad"},
    [CANON_POSTCODE] = {"postcode", 0,
                        "zip zipcode zip_code postal_code postalcode post_code"
                        " plz postleitzahl code_postal código_postal codigo_postal cep"},
    [CANON_COUNTRY] = {"country", 0,
                       "country_code countrycode"
                       " land pays país pais paese"},
    [CANON_DOB] = {"dob", 0,
                   "date_of_birth birthdate birth_date birthday"
                   " geburtsdatum date_de_naissance fecha_de_nacimiento data_di_nascita "
                   "data_de_nascimento geboortedatum"},
    [CANON_ID_NUMBER] = {"id_number", 1,
                         "soc_sec_id ssn national_id passport document_number id_no"
                         " passport_number national_id_number id_card document_id"
                         " ausweisnummer personalausweis dni nif numero_documento"},
    [CANON_PAYMENT_TYPE] = {"payment_type", 0,
                            "payment_method paymentmethod gateway pay_method"
                            " zahlungsart zahlungsmethode mode_de_paiement moyen_de_paiement "
                            "método_de_pago metodo_de_pago forma_de_pago"},
    [CANON_PAYMENT_FP] = {"payment_fp", 1,
                          "card_fp card_fingerprint payment_fingerprint card_hash instrument_id"
                          " card_token card_id payment_token payment_method_id cc_hash pan_hash"
                          " card_number_hash stripe_fingerprint paypal_payer_id payer_id"
                          " kartenfingerprint karten_id zahlungsmittel_id"},
    [CANON_SIGNUP_IP] = {"signup_ip", 1,
                         "ip ipaddress ip_address client_ip order_ip remote_ip registration_ip"
                         " ip_adresse adresse_ip dirección_ip direccion_ip"},
    [CANON_IP_COUNTRY] = {"ip_country", 0,
                          "geoip_country ip_cc ip_country_code geo_country ip_land ip_pays"},
    [CANON_IP_KIND] = {"ip_kind", 0,
                       "ip_type usage_type ip_usage connection_type ip_typ network_type"},
    [CANON_DEVICE_FP] = {"device_fp", 1,
                         "device device_id device_fingerprint browser_fp fingerprint"
                         " device_hash browser_fingerprint visitor_id device_token"
                         " gerät geraet geräte_id geraete_id appareil dispositivo"},
    [CANON_PLAN] = {"plan", 0,
                    "product package product_name tariff sku produkt tarif paket produit "
                    "producto"},
    [CANON_REGION] = {"region", 0,
                      "datacenter zone data_center rechenzentrum standort "
                      "centre_de_données centro_de_datos"},
    [CANON_AMOUNT] = {"amount", 0,
                      "price total amount_paid"
                      " betrag montant importe importo"},
    [CANON_CURRENCY] = {"currency", 0,
                        "curr"
                        " währung waehrung devise moneda valuta moeda"},
    [CANON_DURATION_DAYS] = {"duration_days", 0, "duration term_days billing_days"},
    [CANON_LABEL] = {"label", 0, "is_fraud fraud abuse"},
    [CANON_ACTOR_ID] = {"actor_id", 0, "actor cluster true_id entity_id"},
};

const canon_info *canon_get(canon_col c)
{
    return (unsigned)c < CANON_COUNT ? &table[c] : NULL;
}

int canon_lookup(const char *s, size_t n)
{
    for (int c = 0; c < CANON_COUNT; c++)
        if (strlen(table[c].name) == n && strncasecmp(table[c].name, s, n) == 0)
            return c;
    return -1;
}

/* Case-insensitive comparison that skips ' ', '-', '_' and '.': "First Name", "first-name",
 * "FirstName" and "first_name" are one header, as are "E-Mail Address" and "email_address". */
static int loose_eq(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < an && (a[i] == ' ' || a[i] == '-' || a[i] == '_' || a[i] == '.'))
            i++;
        while (j < bn && (b[j] == ' ' || b[j] == '-' || b[j] == '_' || b[j] == '.'))
            j++;
        if (i == an || j == bn)
            return i == an && j == bn;
        char x = a[i++], y = b[j++];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return 0;
    }
}

int canon_lookup_alias(const char *s, size_t n)
{
    for (int c = 0; c < CANON_COUNT; c++) /* the canonical names written another way */
        if (loose_eq(table[c].name, strlen(table[c].name), s, n))
            return c;
    for (int c = 0; c < CANON_COUNT; c++) {
        const char *a = table[c].aliases;
        while (*a) {
            const char *end = strchr(a, ' ');
            size_t len = end ? (size_t)(end - a) : strlen(a);
            if (loose_eq(a, len, s, n))
                return c;
            a += len + (end != NULL);
        }
    }
    return -1;
}
