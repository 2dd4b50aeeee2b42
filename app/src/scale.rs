//! `liaison seed-scale`: many partners, each with many customers, as a real
//! database would hold them after years of use (relationships, grants per
//! service, a subscription each, billing periods and audit events), written
//! in batched transactions.
use crate::db::{Clock, Conn, Engine, Pool};

use kernel::error::AppError;

/// Customers per transaction: large enough to amortize the commit, small
/// enough to keep the write lock short.
const BATCH: usize = 2_000;

/// The most placeholders one statement binds on `engine`. PostgreSQL
/// takes 65 535 and reads `$n` by its number. SQLite takes 32 766, but
/// looks each `$n` up among those it has read (time in the square of their
/// number): a thousand cost it nothing, thirty thousand made the seed three
/// times slower than one row per statement.
fn max_binds(engine: Engine) -> usize {
    match engine {
        Engine::Postgres => 30_000,
        Engine::Sqlite => 1_000,
    }
}

/// How the customers are named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Names {
    /// Three words from short lists and the customer's number ("Harbor
    /// Ridge Logistics 105"): every name distinct, each word in a known
    /// share of them (see [`customer_name`]).
    #[default]
    Numbered,
    /// Surnames, places and trades from longer lists, without numbers
    /// ("Lefèvre & Moss Architects"): words as unevenly common as in a real
    /// customer base, some accented, so that a search is measured on names
    /// like the ones people look for (see [`realistic_name`]).
    Realistic,
}

impl Names {
    /// The name of customer `index`; the same index gives the same name.
    pub fn name(self, index: usize) -> String {
        match self {
            Names::Numbered => customer_name(index),
            Names::Realistic => realistic_name(index),
        }
    }
}

impl std::str::FromStr for Names {
    type Err = String;

    fn from_str(value: &str) -> Result<Names, String> {
        match value {
            "numbered" => Ok(Names::Numbered),
            "realistic" => Ok(Names::Realistic),
            _ => Err(format!("{value:?} is not `numbered` or `realistic`")),
        }
    }
}

/// How much to write.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub partners: usize,
    pub customers_per_partner: usize,
    pub names: Names,
}

/// What was written.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub partners: usize,
    pub customers: usize,
    pub rows: usize,
}

const FIRST: &[&str] = &[
    "Blue",
    "Northern",
    "Silver",
    "Granite",
    "Cedar",
    "Harbor",
    "Summit",
    "Pioneer",
    "Crimson",
    "Golden",
    "Evergreen",
    "Riverside",
    "Atlas",
    "Maple",
    "Coastal",
    "Iron",
    "Lakeside",
    "Prairie",
    "Sterling",
    "Orchard",
];
const SECOND: &[&str] = &[
    "Ridge", "Valley", "Bridge", "Field", "Point", "Works", "Lane", "Gate", "Stone", "Bay", "Hill",
    "Creek", "Forge", "Haven", "Peak", "Grove", "Port", "Falls", "Mill", "Crest", "Brook",
    "Harvest", "Trail", "Wharf", "Meadow",
];
const TRADE: &[&str] = &[
    "Logistics",
    "Dental",
    "Architects",
    "Bakery",
    "Consulting",
    "Legal",
    "Engineering",
    "Clinic",
];

/// A customer name that reads like a real one; the same index gives the same name.
pub fn customer_name(index: usize) -> String {
    let first = FIRST[index % FIRST.len()];
    let second = SECOND[(index / FIRST.len()) % SECOND.len()];
    let trade = TRADE[(index / (FIRST.len() * SECOND.len())) % TRADE.len()];
    format!("{first} {second} {trade} {index}")
}

/// Family names of several countries, some accented.
const SURNAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Turner",
    "Phillips",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Morris",
    "Murphy",
    "Cook",
    "Rogers",
    "Morgan",
    "Cooper",
    "Peterson",
    "Reed",
    "Bailey",
    "Bell",
    "Kelly",
    "Howard",
    "Ward",
    "Cox",
    "Richardson",
    "Wood",
    "Watson",
    "Brooks",
    "Bennett",
    "Gray",
    "Hughes",
    "Price",
    "Sanders",
    "Myers",
    "Long",
    "Ross",
    "Foster",
    "Powell",
    "Jenkins",
    "Perry",
    "Russell",
    "Sullivan",
    "Fisher",
    "Hayes",
    "Graham",
    "Wallace",
    "Cole",
    "West",
    "Jordan",
    "Owens",
    "Reynolds",
    "Ellis",
    "Marshall",
    "Moss",
    "Harper",
    "Fletcher",
    "Hunt",
    "Palmer",
    "Black",
    "Porter",
    "Webb",
    "Hudson",
    "Lawson",
    "Chapman",
    "Barnes",
    "Knight",
    "Doyle",
    "Quinn",
    "Walsh",
    "Byrne",
    "O'Brien",
    "O'Connor",
    "McCarthy",
    "MacLeod",
    "Fraser",
    "Murray",
    "Duncan",
    "Lloyd",
    "Hughes",
    "Price",
    "Vaughan",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Becker",
    "Wagner",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Neumann",
    "Zimmermann",
    "Krüger",
    "Hartmann",
    "Lange",
    "Köhler",
    "Martin",
    "Bernard",
    "Dubois",
    "Durand",
    "Lefèvre",
    "Leroy",
    "Moreau",
    "Laurent",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Chevalier",
    "Garnier",
    "Faure",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Gauthier",
    "Perrin",
    "Morel",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Conti",
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Muñoz",
    "Álvarez",
    "Romero",
    "Navarro",
    "Torres",
    "Ramos",
    "Silva",
    "Santos",
    "Oliveira",
    "Costa",
    "Pereira",
    "Almeida",
    "Ferreira",
    "Carvalho",
    "de Vries",
    "van Dijk",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "Bos",
    "Vos",
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Willems",
    "Claes",
    "Nielsen",
    "Hansen",
    "Jensen",
    "Pedersen",
    "Larsen",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Lindqvist",
    "Søndergaard",
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Dvořák",
    "Novák",
    "Horvát",
    "Kovács",
    "Nagy",
    "Szabó",
    "Popescu",
    "Ionescu",
    "Yılmaz",
    "Kaya",
    "Öztürk",
    "Demir",
    "Papadopoulos",
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Kim",
    "Lee",
    "Park",
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Liu",
    "Singh",
    "Kumar",
    "Patel",
    "Shah",
    "Gupta",
    "Khan",
    "Ali",
    "Hassan",
    "Cohen",
    "Levi",
    "Okafor",
    "Mensah",
];

/// Places and landscapes companies are named after.
const PLACES: &[&str] = &[
    "Riverside",
    "Lakeside",
    "Hillside",
    "Northgate",
    "Southbank",
    "Westfield",
    "Eastwood",
    "Oakwood",
    "Elmwood",
    "Ashford",
    "Brookfield",
    "Fairview",
    "Greenway",
    "Highland",
    "Kingston",
    "Lakeview",
    "Maplewood",
    "Meadowbrook",
    "Millbrook",
    "Newbury",
    "Oakridge",
    "Parkside",
    "Pinecrest",
    "Redwood",
    "Rosewood",
    "Seaview",
    "Springfield",
    "Stonebridge",
    "Summit",
    "Sunnyvale",
    "Thornbury",
    "Valleyview",
    "Waterside",
    "Willowbrook",
    "Windmill",
    "Woodland",
    "Harbour",
    "Harbor",
    "Bayside",
    "Clifton",
    "Cedar",
    "Birch",
    "Alder",
    "Aspen",
    "Beacon",
    "Canal",
    "Castle",
    "Chapel",
    "Cliff",
    "Copper",
    "Crown",
    "Delta",
    "Falcon",
    "Granite",
    "Heron",
    "Juniper",
    "Keystone",
    "Lighthouse",
    "Marble",
    "Mercury",
    "Moorland",
    "Nordic",
    "Orchard",
    "Pacific",
    "Atlantic",
    "Alpine",
    "Prairie",
    "Quarry",
    "Raven",
    "Silverline",
    "Skyline",
    "Tidewater",
    "Trinity",
    "Union",
    "Vale",
    "Vista",
    "Wessex",
    "Yorkshire",
    "Cornwall",
    "Devon",
    "Highgate",
    "Camden",
    "Belmont",
    "Montrose",
    "Lyon",
    "Rhône",
    "Provence",
    "Bretagne",
    "Alsace",
    "Bavaria",
    "Rhein",
    "Tirol",
    "Toscana",
    "Lombardia",
    "Andalucía",
    "Galicia",
    "Algarve",
    "Flanders",
    "Zeeland",
    "Jutland",
    "Skåne",
    "Tatra",
    "Danube",
    "Baltic",
    "Aurora",
    "Polaris",
    "Meridian",
    "Equinox",
    "Horizon",
    "Pinnacle",
    "Keystone",
    "Evergreen",
    "Bluewater",
    "Redcliff",
    "Blackrock",
    "Whitestone",
    "Greystone",
    "Goldcrest",
    "Ironbridge",
    "Saltmarsh",
    "Foxhill",
    "Badger Hill",
    "Elm Street",
    "Market Street",
    "High Street",
    "Church Lane",
    "Mill Lane",
    "Station Road",
    "Old Town",
];

/// Trades, from the common to the rare.
const TRADES: &[&str] = &[
    "Consulting",
    "Plumbing",
    "Electrical",
    "Dental",
    "Pharmacy",
    "Bakery",
    "Legal",
    "Accounting",
    "Architects",
    "Engineering",
    "Logistics",
    "Transport",
    "Construction",
    "Roofing",
    "Landscaping",
    "Catering",
    "Design",
    "Marketing",
    "Media",
    "Printing",
    "Insurance",
    "Properties",
    "Estates",
    "Veterinary",
    "Clinic",
    "Physiotherapy",
    "Optics",
    "Hair Studio",
    "Florist",
    "Garage",
    "Motors",
    "Auto Repair",
    "Carpentry",
    "Joinery",
    "Glazing",
    "Heating",
    "Cleaning",
    "Security",
    "Software",
    "IT Services",
    "Networks",
    "Telecom",
    "Solar",
    "Energy",
    "Recycling",
    "Brewery",
    "Winery",
    "Coffee",
    "Restaurant",
    "Hotel",
    "Travel",
    "Fitness",
    "Yoga",
    "Music",
    "Books",
    "Toys",
    "Furniture",
    "Interiors",
    "Tiles",
    "Textiles",
    "Tailoring",
    "Jewellers",
    "Opticians",
    "Pet Care",
    "Childcare",
    "Tutoring",
    "Translations",
    "Photography",
    "Events",
    "Farm",
    "Dairy",
    "Butchers",
    "Fisheries",
    "Nursery",
    "Garden Centre",
    "Hardware",
    "Steel",
    "Machining",
    "Plastics",
    "Chemicals",
    "Laboratories",
    "Biotech",
    "Medical",
    "Surgery",
    "Orthodontics",
    "Audiology",
];

/// What follows a company's name, often nothing.
const SUFFIXES: &[&str] = &[
    "",
    "",
    "",
    "",
    "",
    " Ltd",
    " Ltd",
    " LLC",
    " Inc.",
    " GmbH",
    " SARL",
    " S.A.",
    " B.V.",
    " AB",
    " & Co.",
    " & Sons",
    " Group",
    " Partners",
    " Services",
    " Associates",
];

/// A mix of the index's bits (SplitMix64), so that realistic names follow
/// no visible pattern and the same index always gives the same name.
fn mix(index: usize, salt: u64) -> u64 {
    let mut z = (index as u64 ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93))
        .wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One of `words`, the earlier ones more often (the square of a uniform
/// draw leans to the start of the list), as a few names are very common.
fn pick(words: &'static [&'static str], index: usize, salt: u64) -> &'static str {
    let draw = (mix(index, salt) >> 11) as f64 / (1u64 << 53) as f64;
    let at = (draw * draw * words.len() as f64) as usize;
    words[at.min(words.len() - 1)]
}

/// A customer name like those of a real customer base: a surname, two, or
/// a place, with a trade and a legal form ("Müller Plumbing GmbH",
/// "Baker & Moss Legal", "Riverside Dental"). Names repeat now and then,
/// as they do.
pub fn realistic_name(index: usize) -> String {
    let surname = pick(SURNAMES, index, 1);
    let place = pick(PLACES, index, 2);
    let trade = pick(TRADES, index, 3);
    let suffix = SUFFIXES[(mix(index, 4) % SUFFIXES.len() as u64) as usize];
    match mix(index, 5) % 10 {
        0..=3 => format!("{surname} {trade}{suffix}"),
        4 | 5 => {
            let other = pick(SURNAMES, index, 6);
            format!("{surname} & {other} {trade}{suffix}")
        }
        6..=8 => format!("{place} {trade}{suffix}"),
        _ => format!("{surname} {place} {trade}{suffix}"),
    }
}

/// A value of a multi-row statement.
#[derive(Clone)]
enum Value {
    Text(String),
    Int(i64),
    Bool(bool),
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

/// A multi-row INSERT: `head`, then `row` once per row, then `tail`. Each
/// `?` of `row` is a placeholder of its own, numbered after the `shared`
/// ones (`$1`, `$2`…, the same value for every row). One statement writes
/// thousands of rows: a round trip and an execution per row was most of
/// PostgreSQL's time.
struct Insert {
    head: &'static str,
    row: &'static str,
    tail: &'static str,
    shared: usize,
}

impl Insert {
    /// Values in each row.
    fn width(&self) -> usize {
        self.row.matches('?').count()
    }

    /// The statement for `rows` rows.
    fn sql(&self, rows: usize) -> String {
        let mut sql = String::from(self.head);
        let mut placeholder = self.shared;
        for row in 0..rows {
            if row > 0 {
                sql.push_str(", ");
            }
            for (i, piece) in self.row.split('?').enumerate() {
                if i > 0 {
                    placeholder += 1;
                    sql.push('$');
                    sql.push_str(&placeholder.to_string());
                }
                sql.push_str(piece);
            }
        }
        sql.push_str(self.tail);
        sql
    }
}

const ORGANIZATIONS: Insert = Insert {
    head: "INSERT INTO organizations (id, slug, name, kind, cloud_id, created_at) VALUES ",
    row: "(?, ?, ?, 'customer', 'global', $1)",
    tail: "",
    shared: 1,
};
const ADMINS: Insert = Insert {
    head: "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
           VALUES ",
    row: "(?, ?, ?, 'Administrator', 'customer_admin', $1, $2)",
    tail: "",
    shared: 2,
};
const RELATIONSHIPS: Insert = Insert {
    head: "INSERT INTO relationships (id, partner_id, customer_id, customer_slug, kind, created_at)
           VALUES ",
    row: "(?, $1, ?, ?, 'reseller', $2)",
    tail: "",
    shared: 2,
};
/// The default ask, every role but the high-risk ones; a customer whose
/// second value is 1 removed the partner's Azure roles.
const GRANTS: Insert = Insert {
    head: "INSERT INTO role_grants
              (relationship_id, role_id, state, granted_at, ends_ms, auto_extend, removed_at)
           SELECT c.column1, roles.id,
                  CASE WHEN roles.service_id = 'azure' AND c.column2 = 1 THEN 'removed' ELSE 'active' END,
                  $1, $2, $3,
                  CASE WHEN roles.service_id = 'azure' AND c.column2 = 1 THEN $1 END
           FROM (VALUES ",
    row: "(?, CAST(? AS BIGINT))",
    tail: ") AS c CROSS JOIN roles WHERE NOT roles.high_risk",
    shared: 3,
};
const TRANSACTORS: Insert = Insert {
    head: "INSERT INTO service_transactors (customer_id, service_id, partner_id, since) VALUES ",
    row: "(?, 'microsoft-365', $1, $2)",
    tail: "",
    shared: 2,
};
const SUBSCRIPTIONS: Insert = Insert {
    head: "INSERT INTO subscriptions
              (id, customer_id, service_id, partner_id, offer_id, seats, state, created_at)
           VALUES ",
    row: "(?, ?, 'microsoft-365', $1, 'm365-business-standard', ?, 'active', $2)",
    tail: "",
    shared: 2,
};
const BILLING: Insert = Insert {
    head: "INSERT INTO billing_periods (subscription_id, partner_id, customer_id, offer_id,
              quantity, unit_price_cents, starts_on)
           SELECT c.column1, $1, c.column2, offers.id, c.column3, offers.unit_price_cents, $2
           FROM (VALUES ",
    row: "(?, ?, CAST(? AS BIGINT))",
    tail: ") AS c CROSS JOIN offers WHERE offers.id = 'm365-business-standard'",
    shared: 2,
};
const EVENTS: Insert = Insert {
    head: "INSERT INTO audit_events (id, occurred_at, action, actor_user_id, actor_email,
              actor_org_id, partner_id, customer_id, details, ip_address)
           VALUES ",
    row: "(?, $1, ?, ?, ?, ?, $2, ?, ?, '127.0.0.1')",
    tail: "",
    shared: 2,
};

/// The statements of [`seed`], for two rows each: for the test that
/// prepares every statement on both engines.
pub fn seed_statements() -> Vec<String> {
    [
        ORGANIZATIONS,
        ADMINS,
        RELATIONSHIPS,
        GRANTS,
        TRANSACTORS,
        SUBSCRIPTIONS,
        BILLING,
        EVENTS,
    ]
    .iter()
    .map(|insert| insert.sql(2))
    .collect()
}

/// The rows of one [`Insert`] and the values they share.
struct Rows {
    insert: &'static Insert,
    shared: Vec<Value>,
    values: Vec<Value>,
}

impl Rows {
    fn new(insert: &'static Insert, shared: Vec<Value>) -> Rows {
        debug_assert_eq!(insert.shared, shared.len());
        Rows {
            insert,
            shared,
            values: Vec::new(),
        }
    }

    /// Adds a row: one value for each `?` of the insert's row.
    fn push<const N: usize>(&mut self, values: [Value; N]) {
        debug_assert_eq!(N, self.insert.width());
        self.values.extend(values);
    }

    /// Writes the rows, as many in each statement as both engines bind.
    async fn write(self, conn: &mut Conn, engine: Engine) -> Result<(), sqlx::Error> {
        let width = self.insert.width();
        let per_statement = (max_binds(engine) - self.shared.len()) / width;
        let mut values = self.values.into_iter();
        let mut left = values.len() / width;
        while left > 0 {
            let rows = left.min(per_statement);
            let sql = self.insert.sql(rows);
            let mut query = crate::db::query(&sql);
            for value in self
                .shared
                .iter()
                .cloned()
                .chain(values.by_ref().take(rows * width))
            {
                query = match value {
                    Value::Text(text) => query.bind(text),
                    Value::Int(int) => query.bind(int),
                    Value::Bool(bool) => query.bind(bool),
                };
            }
            query.execute(&mut *conn).await?;
            left -= rows;
        }
        Ok(())
    }
}

/// Writes `scale` partners and customers. Partners are `scale-p{p}` (admin
/// `admin@scale-p{p}.example`), customers `scale-p{p}-c{c}` (admin
/// `admin@scale-p{p}-c{c}.example`); every user's password is `password`.
/// Runs again on the same database only after a fresh start (slugs are unique).
pub async fn seed(
    pool: &Pool,
    clock: &Clock,
    scale: Scale,
    password: &str,
) -> Result<Written, AppError> {
    let hash = crate::auth::hash_password(password.to_string()).await?;
    let now = clock.now();
    let ends_ms =
        clock.now_ms() + i64::from(kernel::role::MAX_DURATION_DAYS) * kernel::role::DAY_MS;
    let today = &now[..10];
    let mut written = Written::default();
    for p in 0..scale.partners {
        let partner = format!("scale-p{p}");
        let partner_admin = format!("user-{partner}");
        let partner_email = format!("admin@{partner}.example");
        let mut tx = pool.begin().await?;
        insert_partner(
            &mut tx,
            &partner,
            &format!("Scale Partner {p}"),
            p + 80_000_000,
            &now,
        )
        .await?;
        insert_admin(
            &mut tx,
            &partner,
            &format!("Scale Admin {p}"),
            "admin_agent",
            &hash,
            &now,
        )
        .await?;
        tx.commit().await?;
        written.partners += 1;
        written.rows += 2;

        let customers = scale.customers_per_partner;
        for first in (0..customers).step_by(BATCH) {
            let text = |value: &str| Value::Text(value.to_string());
            let mut organizations = Rows::new(&ORGANIZATIONS, vec![text(&now)]);
            let mut admins = Rows::new(&ADMINS, vec![text(&hash), text(&now)]);
            let mut relationships = Rows::new(&RELATIONSHIPS, vec![text(&partner), text(&now)]);
            let mut grants = Rows::new(
                &GRANTS,
                vec![text(&now), Value::Int(ends_ms), Value::Bool(false)],
            );
            let mut transactors = Rows::new(&TRANSACTORS, vec![text(&partner), text(&now)]);
            let mut subscriptions = Rows::new(&SUBSCRIPTIONS, vec![text(&partner), text(&now)]);
            let mut billing = Rows::new(&BILLING, vec![text(&partner), text(today)]);
            let mut events = Rows::new(&EVENTS, vec![text(&now), text(&partner)]);
            for c in first..(first + BATCH).min(customers) {
                let customer = format!("{partner}-c{c:06}");
                let admin = format!("user-{customer}");
                let admin_email = format!("admin@{customer}.example");
                let relationship = format!("rel-{customer}");
                let subscription = format!("sub-{customer}");
                let seats = 5 + (c % 200) as i64;
                organizations.push([
                    customer.as_str().into(),
                    customer.as_str().into(),
                    scale.names.name(c).into(),
                ]);
                admins.push([
                    admin.as_str().into(),
                    customer.as_str().into(),
                    admin_email.as_str().into(),
                ]);
                relationships.push([
                    relationship.as_str().into(),
                    customer.as_str().into(),
                    customer.as_str().into(),
                ]);
                grants.push([relationship.into(), Value::Int(i64::from(c % 10 == 9))]);
                transactors.push([customer.as_str().into()]);
                subscriptions.push([
                    subscription.as_str().into(),
                    customer.as_str().into(),
                    Value::Int(seats),
                ]);
                billing.push([
                    subscription.into(),
                    customer.as_str().into(),
                    Value::Int(seats),
                ]);
                for (action, actor, actor_email, actor_org, details) in [
                    (
                        "relationship_created",
                        &admin,
                        &admin_email,
                        &customer,
                        "reseller".to_string(),
                    ),
                    (
                        "dap_granted",
                        &admin,
                        &admin_email,
                        &customer,
                        "Microsoft 365, Azure, Dynamics 365".to_string(),
                    ),
                    (
                        "subscription_created",
                        &partner_admin,
                        &partner_email,
                        &partner,
                        format!("Microsoft 365 Business Standard, {seats} seats"),
                    ),
                ] {
                    events.push([
                        crate::db::new_id().into(),
                        action.into(),
                        actor.as_str().into(),
                        actor_email.as_str().into(),
                        actor_org.as_str().into(),
                        customer.as_str().into(),
                        details.into(),
                    ]);
                }
                written.customers += 1;
                written.rows += 12;
            }
            // In the order of the foreign keys (the relationship's sort key
            // is read from its organization as it is written).
            let mut tx = pool.begin().await?;
            if Engine::of(pool) == Engine::Postgres {
                // A seed interrupted is run again: its commits need not
                // wait for the disk, which the next commit flushes anyway.
                crate::db::query("SET LOCAL synchronous_commit = off")
                    .execute(&mut tx)
                    .await?;
            }
            for rows in [
                organizations,
                admins,
                relationships,
                grants,
                transactors,
                subscriptions,
                billing,
                events,
            ] {
                rows.write(&mut tx, Engine::of(pool)).await?;
            }
            tx.commit().await?;
        }
    }
    let mut conn = pool.acquire().await?;
    match Engine::of(pool) {
        // What autovacuum would do in the minutes after a bulk load, done
        // before anyone measures: the relationships' visibility map (the
        // list's index-only scans) and their GIN index's pending entries;
        // then the statistics of every table.
        Engine::Postgres => {
            crate::db::query("VACUUM (ANALYZE) relationships")
                .execute(&mut *conn)
                .await?;
            crate::db::refresh_statistics(&mut conn).await?;
        }
        Engine::Sqlite => crate::db::refresh_statistics(&mut conn).await?,
    }
    Ok(written)
}

/// CSP partners `{prefix}{j}` (partner numbers from `first_number` on), each
/// with an active invitation link that grants privileges; returns the
/// links' codes in order. For load tests and benchmarks.
pub async fn partners_with_links(
    pool: &Pool,
    clock: &Clock,
    prefix: &str,
    count: usize,
    first_number: usize,
) -> Result<Vec<String>, AppError> {
    let now = clock.now();
    let mut codes = Vec::with_capacity(count);
    let mut tx = pool.begin().await?;
    for j in 0..count {
        let org = format!("{prefix}{j}");
        insert_partner(
            &mut tx,
            &org,
            &format!("Partner {org}"),
            first_number + j,
            &now,
        )
        .await?;
        let code = crate::invitations::InvitationCode::generate();
        crate::db::query(
            "INSERT INTO invitation_links (code, partner_id, include_dap, created_at)
             VALUES ($1, $2, TRUE, $3)",
        )
        .bind(code.as_str())
        .bind(&org)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        codes.push(code.as_str().to_string());
    }
    tx.commit().await?;
    Ok(codes)
}

/// Customers `{prefix}{i}`, each with an administrator
/// `admin@{prefix}{i}.example` (user id `user-{prefix}{i}`) whose password
/// has the argon2 `hash`. For load tests and benchmarks.
pub async fn customers_with_admins(
    pool: &Pool,
    clock: &Clock,
    prefix: &str,
    count: usize,
    hash: &str,
) -> Result<(), AppError> {
    let now = clock.now();
    let mut tx = pool.begin().await?;
    for i in 0..count {
        let org = format!("{prefix}{i}");
        insert_customer(&mut tx, &org, &format!("Customer {org}"), &now).await?;
        insert_admin(&mut tx, &org, "Administrator", "customer_admin", hash, &now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A CSP partner of the global cloud whose id and slug are `slug`.
async fn insert_partner(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    number: usize,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO organizations
            (id, slug, name, kind, cloud_id, legal_name, verified_domain, partner_number, created_at)
         VALUES ($1, $2, $3, 'partner_csp', 'global', $4, $5, $6, $7)",
    )
    .bind(slug)
    .bind(slug)
    .bind(name)
    .bind(format!("{name} Ltd."))
    .bind(format!("{slug}.example"))
    .bind(number.to_string())
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// A customer of the global cloud whose id and slug are `slug`.
async fn insert_customer(
    conn: &mut Conn,
    slug: &str,
    name: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO organizations (id, slug, name, kind, cloud_id, created_at)
         VALUES ($1, $2, $3, 'customer', 'global', $4)",
    )
    .bind(slug)
    .bind(slug)
    .bind(name)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The organization's administrator: user `user-{org}`, `admin@{org}.example`.
async fn insert_admin(
    conn: &mut Conn,
    org: &str,
    display_name: &str,
    role: &str,
    hash: &str,
    now: &str,
) -> Result<(), sqlx::Error> {
    crate::db::query(
        "INSERT INTO users (id, organization_id, email, display_name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(format!("user-{org}"))
    .bind(org)
    .bind(format!("admin@{org}.example"))
    .bind(display_name)
    .bind(role)
    .bind(hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_like_companies_and_are_stable() {
        assert_eq!(customer_name(0), "Blue Ridge Logistics 0");
        assert_eq!(customer_name(21), "Northern Valley Logistics 21");
        assert_eq!(customer_name(500), "Blue Ridge Dental 500");
        assert_eq!(customer_name(7), customer_name(7));
        assert_eq!(Names::Numbered.name(21), customer_name(21));
    }

    #[test]
    fn realistic_names_vary_repeat_words_unevenly_and_are_stable() {
        let names: Vec<String> = (0..10_000).map(realistic_name).collect();
        assert_eq!(names[42], realistic_name(42));
        assert!(
            names
                .iter()
                .all(|name| !name.chars().any(|c| c.is_ascii_digit()))
        );
        let distinct: std::collections::BTreeSet<&String> = names.iter().collect();
        assert!(distinct.len() > 5_000, "{} distinct", distinct.len());
        assert!(
            names.iter().any(|name| !name.is_ascii()),
            "some are accented"
        );
        // The first words of a list are common, the last rare.
        let with = |word: &str| names.iter().filter(|name| name.contains(word)).count();
        assert!(with(TRADES[0]) > 5 * with(TRADES[TRADES.len() - 1]).max(1));
        assert_eq!("numbered".parse(), Ok(Names::Numbered));
        assert_eq!("realistic".parse(), Ok(Names::Realistic));
        assert!("random".parse::<Names>().is_err());
    }

    #[test]
    fn a_multi_row_insert_numbers_its_placeholders_after_the_shared_ones() {
        assert_eq!(
            TRANSACTORS.sql(2),
            "INSERT INTO service_transactors (customer_id, service_id, partner_id, since) VALUES \
             ($3, 'microsoft-365', $1, $2), ($4, 'microsoft-365', $1, $2)"
        );
        assert_eq!(GRANTS.width(), 2);
        assert!(GRANTS.sql(2).ends_with(
            "($4, CAST($5 AS BIGINT)), ($6, CAST($7 AS BIGINT))) AS c \
             CROSS JOIN roles WHERE NOT roles.high_risk"
        ));
    }
}
