//! The people of the generated casebook: agencies and their contacts, subjects, witnesses and
//! their documents and addresses.

use super::rng::*;
use super::words::*;
use super::*;
use crate::domain::case::Country;
use crate::domain::casebook::Command;
use crate::domain::ids::{AgencyId, ContactId, IdSource, PersonId};
use crate::domain::person::{Agency, Contact, DocumentKind, IdentityDocument, Person, Source};
use chrono::NaiveDate;
use std::collections::HashMap;

impl Gen {
    pub(super) fn agencies_and_contacts(&mut self) {
        // Name, and whether the agency is British (else Pakistani).
        let (uk, pk) = (true, false);
        let agencies: &[(&str, bool)] = &[
            ("Home Office – UK Central Authority (UKCA)", uk),
            ("Crown Prosecution Service (IJOCD)", uk),
            ("National Crime Agency", uk),
            (WMC, uk),
            ("High Court (Administrative Court)", uk),
            ("Supreme Court", uk),
            ("HM Revenue and Customs", uk),
            ("Crown Office and Procurator Fiscal Service", uk),
            ("British High Commission, Islamabad", uk),
            ("Ministry of Interior", pk),
            ("Ministry of Foreign Affairs", pk),
            ("Federal Investigation Agency (FIA)", pk),
            ("National Accountability Bureau (NAB)", pk),
            ("Anti-Narcotics Force (ANF)", pk),
            ("National Police Bureau", pk),
            ("National Counter Terrorism Authority (NACTA)", pk),
            ("National Cyber Crime Investigation Agency (NCCIA)", pk),
            ("Counter Terrorism Department, Punjab Police", pk),
            ("Inquiry Magistrate, Islamabad", pk),
            ("Federal Cabinet", pk),
            ("Islamabad High Court", pk),
            ("Lahore High Court", pk),
        ];
        let now = self.at(self.today, 8, 0);
        let mut ids: HashMap<&str, AgencyId> = HashMap::new();
        for &(name, british) in agencies {
            let id = AgencyId(self.ids.next_uuid());
            ids.insert(name, id);
            self.context = name.into();
            self.apply(
                now,
                Command::SaveAgency(Agency {
                    id,
                    name: name.into(),
                    country: if british {
                        Country::uk()
                    } else {
                        Country::pakistan()
                    },
                }),
            );
        }
        let contacts: &[(&str, &str, &str, &str, &str)] = &[
            (
                "Rachel Moss",
                "National Crime Agency",
                "International liaison manager",
                "rachel.moss@nca.example",
                "+44 20 7946 0112",
            ),
            (
                "Daniel Hughes",
                "Crown Prosecution Service (IJOCD)",
                "CPS liaison prosecutor, Islamabad",
                "daniel.hughes@cps.example",
                "+92 51 555 0120",
            ),
            (
                "Priya Nair",
                "Home Office – UK Central Authority (UKCA)",
                "Casework officer, extradition",
                "priya.nair@homeoffice.example",
                "+44 20 7946 0348",
            ),
            (
                "Emma Clarke",
                WMC,
                "Extradition listing officer",
                "listing@wmc.example",
                "+44 20 7946 0571",
            ),
            (
                "Tariq Mehmood",
                "Federal Investigation Agency (FIA)",
                "Deputy Director, MLA unit",
                "tariq.mehmood@fia.example",
                "+92 51 555 0141",
            ),
            (
                "Saima Rauf",
                "Ministry of Interior",
                "Section Officer (Extradition)",
                "saima.rauf@interior.example",
                "+92 51 555 0177",
            ),
            (
                "Asad Gondal",
                "National Accountability Bureau (NAB)",
                "Assistant Director, international cooperation",
                "asad.gondal@nab.example",
                "+92 51 555 0193",
            ),
            (
                "Kamran Akhtar",
                "Anti-Narcotics Force (ANF)",
                "Liaison officer",
                "kamran.akhtar@anf.example",
                "+92 51 555 0126",
            ),
        ];
        for &(name, agency, role, email, phone) in contacts {
            let id = ContactId(self.ids.next_uuid());
            self.context = name.into();
            self.apply(
                now,
                Command::SaveContact(Contact {
                    id,
                    name: name.into(),
                    agency: ids.get(agency).copied(),
                    role: role.into(),
                    email: email.into(),
                    phone: phone.into(),
                }),
            );
        }
    }

    // People

    /// Someone from the country of the requested side (`in_uk`): a witness, victim, account
    /// holder or co-suspect.
    pub(super) fn local_person(&mut self, in_uk: bool, source: Source) -> Person {
        let heritage = if in_uk {
            self.rng.weighted(&[
                (Heritage::British, 45),
                (Heritage::BritishPakistani, 40),
                (Heritage::Pakistani, 15),
            ])
        } else {
            self.rng
                .weighted(&[(Heritage::Pakistani, 85), (Heritage::BritishPakistani, 15)])
        };
        let female = self.rng.chance(0.4);
        self.person(heritage, female, in_uk, source, false)
    }

    pub(super) fn person(
        &mut self,
        heritage: Heritage,
        female: bool,
        in_uk: bool,
        source: Source,
        subject: bool,
    ) -> Person {
        let id = PersonId(self.ids.next_uuid());
        let (name, father) = if heritage == Heritage::British {
            let given = self.rng.pick(if female { UK_FEMALE } else { UK_MALE });
            let surname = self.rng.pick(UK_SURNAMES);
            let father_given = self.rng.pick(UK_MALE);
            let father = if self.rng.chance(0.1) && father_given != given {
                format!("{father_given} {surname}")
            } else {
                String::new()
            };
            (format!("{given} {surname}"), father)
        } else {
            let surname = self.rng.pick(PK_SURNAMES);
            let father_surname = if self.rng.chance(0.7) {
                surname
            } else {
                self.rng.pick(PK_SURNAMES)
            };
            let father = format!("{} {father_surname}", self.rng.pick(PK_FATHERS));
            let name = if female {
                format!("{} {surname}", self.rng.pick(PK_FEMALE))
            } else if self.rng.chance(0.35) {
                let given = self.rng.pick(PK_MALE);
                if self.rng.chance(0.4) {
                    format!("Muhammad {given}")
                } else {
                    format!("Muhammad {given} {surname}")
                }
            } else {
                format!("{} {surname}", self.rng.pick(PK_MALE))
            };
            (name, father)
        };
        let mut p = Person::new(id, name);
        p.father_name = father;
        p.source = source;
        let earliest = NaiveDate::from_ymd_opt(1960, 1, 1).unwrap_or(self.today);
        // Born 1960–2004, and at least 16 on "today".
        let born = add_days(earliest, self.rng.int(0, 16_436));
        p.date_of_birth = Some(born.min(add_days(self.today, -16 * 366)));
        let uk = Country::uk();
        let pk = Country::pakistan();
        match heritage {
            Heritage::Pakistani => {
                p.nationalities = vec![pk.clone()];
                let cnic = self.cnic(female);
                self.document(&mut p, DocumentKind::Cnic, cnic, &pk);
                if self.rng.chance(0.7) {
                    let number = format!("{}{}", self.rng.letters(2), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::Passport, number, &pk);
                }
                if in_uk && self.rng.chance(0.4) {
                    let number = format!("Z{}{}", self.rng.letters(1), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::UkResidencePermit, number, &uk);
                }
            }
            Heritage::BritishPakistani => {
                p.nationalities = vec![uk.clone(), pk.clone()];
                let number = format!("{}{}", self.rng.int(1, 5), self.rng.digits(8));
                self.document(&mut p, DocumentKind::Passport, number, &uk);
                if self.rng.chance(0.6) {
                    let nicop = self.cnic(female);
                    self.document(&mut p, DocumentKind::Nicop, nicop, &pk);
                }
                if self.rng.chance(0.25) {
                    let number = format!("{}{}", self.rng.letters(2), self.rng.digits(7));
                    self.document(&mut p, DocumentKind::Passport, number, &pk);
                }
            }
            Heritage::British => {
                p.nationalities = vec![uk.clone()];
                let number = format!("{}{}", self.rng.int(1, 5), self.rng.digits(8));
                self.document(&mut p, DocumentKind::Passport, number, &uk);
            }
        }
        let home = if in_uk {
            self.uk_address()
        } else {
            self.pk_address()
        };
        p.addresses.push(home);
        if heritage == Heritage::BritishPakistani && self.rng.chance(0.3) {
            let other = if in_uk {
                self.pk_address()
            } else {
                self.uk_address()
            };
            p.addresses.push(other);
        }
        if subject && self.rng.chance(0.25) {
            let alias = self.alias(&p.name);
            if !alias.trim().is_empty() && alias != p.name {
                p.aliases.push(alias);
            }
        }
        p
    }

    pub(super) fn alias(&mut self, name: &str) -> String {
        let variants: Vec<(&str, &str)> = SPELLINGS
            .iter()
            .copied()
            .filter(|(from, _)| name.contains(from))
            .collect();
        match self.rng.pick_from(&variants) {
            Some((from, to)) if self.rng.chance(0.75) => name.replacen(from, to, 1),
            _ => {
                let first = name.split_whitespace().next().unwrap_or(name);
                format!("{first} '{}'", self.rng.pick(NICKNAMES))
            }
        }
    }

    pub(super) fn document(
        &mut self,
        p: &mut Person,
        kind: DocumentKind,
        number: String,
        by: &Country,
    ) {
        let id = self.record_id();
        p.documents.push(IdentityDocument {
            id,
            kind,
            number,
            issued_by: by.clone(),
            source: None,
        });
    }

    /// `12345-1234567-1`: province code first, last digit odd for men and even for women.
    pub(super) fn cnic(&mut self, female: bool) -> String {
        let province = self.rng.pick(&["3", "3", "3", "4", "1", "6", "5", "7"]);
        let last = if female {
            self.rng.pick(&["2", "4", "6", "8"])
        } else {
            self.rng.pick(&["1", "3", "5", "7", "9"])
        };
        format!(
            "{province}{}-{}-{last}",
            self.rng.digits(4),
            self.rng.digits(7)
        )
    }

    pub(super) fn uk_address(&mut self) -> String {
        let (street, town, district) = self.rng.pick(UK_STREETS);
        format!(
            "{} {street}, {town} {district} {}{}",
            self.rng.int(1, 240),
            self.rng.int(1, 9),
            self.rng.letters(2)
        )
    }

    pub(super) fn pk_address(&mut self) -> String {
        let n = self.rng.int(1, 400).to_string();
        let m = self.rng.int(1, 60).to_string();
        self.rng
            .pick(PK_ADDRESSES)
            .replace("{n}", &n)
            .replace("{m}", &m)
    }
}
