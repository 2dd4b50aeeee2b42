//! Queries written once, run by the driver of the engine at hand: SQLite's
//! or PostgreSQL's own, never an engine-neutral copy of each row. The
//! builders have sqlx's shape (`query(sql).bind(v).execute(&pool)`), so a
//! store reads as it would with one engine; what is bound is kept until
//! the engine is known, then encoded by that engine's driver, and rows are
//! decoded by derived `FromRow` types for both.
use std::borrow::Cow;

use sqlx::error::BoxDynError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArguments, PgConnection, PgPool, PgRow, Postgres};
use sqlx::sqlite::{Sqlite, SqliteArguments, SqliteConnection, SqlitePool, SqliteRow};
use sqlx::{Arguments, Encode, FromRow, Type};

/// Where a query runs: a pool, or one connection (a transaction's).
pub enum Target<'c> {
    SqlitePool(&'c SqlitePool),
    PostgresPool(&'c PgPool),
    Sqlite(&'c mut SqliteConnection),
    Postgres(&'c mut PgConnection),
}

/// A pool of connections to either engine.
#[derive(Clone, Debug)]
pub enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// One connection, as stores get it: inside a transaction, or on its own.
pub enum Conn {
    Sqlite(sqlx::Transaction<'static, Sqlite>),
    Postgres(sqlx::Transaction<'static, Postgres>),
    SqliteAlone(PoolConnection<Sqlite>),
    PostgresAlone(PoolConnection<Postgres>),
}

/// A connection taken from the pool ([`Pool::begin`], [`Pool::acquire`]):
/// stores take `&mut *tx`, which is a [`Conn`]; a transaction commits with
/// [`Tx::commit`] and rolls back when dropped.
pub struct Tx(Conn);

impl std::ops::Deref for Tx {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.0
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.0
    }
}

impl Conn {
    /// The engine this connection talks to.
    pub fn engine(&self) -> super::Engine {
        match self {
            Conn::Sqlite(_) | Conn::SqliteAlone(_) => super::Engine::Sqlite,
            Conn::Postgres(_) | Conn::PostgresAlone(_) => super::Engine::Postgres,
        }
    }
}

impl Tx {
    /// Commits a transaction (a connection on its own has nothing to commit).
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Conn::Sqlite(tx) => tx.commit().await,
            Conn::Postgres(tx) => tx.commit().await,
            Conn::SqliteAlone(_) | Conn::PostgresAlone(_) => Ok(()),
        }
    }

    /// Rolls a transaction back.
    pub async fn rollback(self) -> Result<(), sqlx::Error> {
        match self.0 {
            Conn::Sqlite(tx) => tx.rollback().await,
            Conn::Postgres(tx) => tx.rollback().await,
            Conn::SqliteAlone(_) | Conn::PostgresAlone(_) => Ok(()),
        }
    }
}

impl Pool {
    /// Begins a transaction (`BEGIN`).
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match self {
            Pool::Sqlite(pool) => Conn::Sqlite(pool.begin().await?),
            Pool::Postgres(pool) => Conn::Postgres(pool.begin().await?),
        }))
    }

    /// Begins a transaction with the statement given (SQLite's `BEGIN
    /// IMMEDIATE`); PostgreSQL begins as usual.
    pub(super) async fn begin_with(&self, statement: &'static str) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match self {
            Pool::Sqlite(pool) => Conn::Sqlite(pool.begin_with(statement).await?),
            Pool::Postgres(pool) => Conn::Postgres(pool.begin().await?),
        }))
    }

    /// One connection, outside any transaction.
    pub async fn acquire(&self) -> Result<Tx, sqlx::Error> {
        Ok(Tx(match self {
            Pool::Sqlite(pool) => Conn::SqliteAlone(pool.acquire().await?),
            Pool::Postgres(pool) => Conn::PostgresAlone(pool.acquire().await?),
        }))
    }

    /// Closes every connection; waits for those in use.
    pub async fn close(&self) {
        match self {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }

    pub fn is_closed(&self) -> bool {
        match self {
            Pool::Sqlite(pool) => pool.is_closed(),
            Pool::Postgres(pool) => pool.is_closed(),
        }
    }

    /// Connections open, and those of them idle.
    pub fn size_and_idle(&self) -> (u32, usize) {
        match self {
            Pool::Sqlite(pool) => (pool.size(), pool.num_idle()),
            Pool::Postgres(pool) => (pool.size(), pool.num_idle()),
        }
    }
}

impl<'c> From<&'c Pool> for Target<'c> {
    fn from(pool: &'c Pool) -> Target<'c> {
        match pool {
            Pool::Sqlite(pool) => Target::SqlitePool(pool),
            Pool::Postgres(pool) => Target::PostgresPool(pool),
        }
    }
}

impl<'c> From<&'c mut Conn> for Target<'c> {
    fn from(conn: &'c mut Conn) -> Target<'c> {
        match conn {
            Conn::Sqlite(tx) => Target::Sqlite(tx),
            Conn::Postgres(tx) => Target::Postgres(tx),
            Conn::SqliteAlone(conn) => Target::Sqlite(conn),
            Conn::PostgresAlone(conn) => Target::Postgres(conn),
        }
    }
}

impl<'c> From<&'c mut Tx> for Target<'c> {
    fn from(tx: &'c mut Tx) -> Target<'c> {
        Target::from(&mut tx.0)
    }
}

/// A value bound to a query, kept until the engine that encodes it is known.
pub trait Value<'q>: Send + 'q {
    fn add_to_sqlite(
        self: Box<Self>,
        arguments: &mut SqliteArguments<'q>,
    ) -> Result<(), BoxDynError>;
    fn add_to_postgres(self: Box<Self>, arguments: &mut PgArguments) -> Result<(), BoxDynError>;
}

impl<'q, T> Value<'q> for T
where
    T: Send + 'q + Encode<'q, Sqlite> + Type<Sqlite> + Encode<'q, Postgres> + Type<Postgres>,
{
    fn add_to_sqlite(
        self: Box<Self>,
        arguments: &mut SqliteArguments<'q>,
    ) -> Result<(), BoxDynError> {
        arguments.add(*self)
    }

    fn add_to_postgres(self: Box<Self>, arguments: &mut PgArguments) -> Result<(), BoxDynError> {
        arguments.add(*self)
    }
}

/// The values bound to one query, in order.
#[derive(Default)]
pub struct Values<'q>(Vec<Box<dyn Value<'q>>>);

impl<'q> Values<'q> {
    pub fn push<T: Value<'q>>(&mut self, value: T) {
        self.0.push(Box::new(value));
    }

    fn sqlite(self) -> Result<SqliteArguments<'q>, sqlx::Error> {
        let mut arguments = SqliteArguments::default();
        for value in self.0 {
            value
                .add_to_sqlite(&mut arguments)
                .map_err(sqlx::Error::Encode)?;
        }
        Ok(arguments)
    }

    fn postgres(self) -> Result<PgArguments, sqlx::Error> {
        let mut arguments = PgArguments::default();
        for value in self.0 {
            value
                .add_to_postgres(&mut arguments)
                .map_err(sqlx::Error::Encode)?;
        }
        Ok(arguments)
    }
}

/// What a statement did.
#[derive(Clone, Copy, Debug)]
pub struct Done {
    rows_affected: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows_affected
    }
}

/// Runs `$run` (a method of sqlx's query types) with the SQL and values of
/// `$query` on `$target`, with the driver of its engine.
macro_rules! on_engine {
    ($make:path, $query:expr, $target:expr, |$q:ident, $exec:ident| $run:expr) => {{
        let Built {
            sql,
            values,
            persistent,
        } = $query.built;
        match $target.into() {
            Target::SqlitePool($exec) => {
                let $q = $make(&sql, values.sqlite()?).persistent(persistent);
                $run
            }
            Target::Sqlite($exec) => {
                let $q = $make(&sql, values.sqlite()?).persistent(persistent);
                $run
            }
            Target::PostgresPool($exec) => {
                let $q = $make(&sql, values.postgres()?).persistent(persistent);
                $run
            }
            Target::Postgres($exec) => {
                let $q = $make(&sql, values.postgres()?).persistent(persistent);
                $run
            }
        }
    }};
}

/// The SQL of a query and what is bound to it.
struct Built<'q> {
    sql: Cow<'q, str>,
    values: Values<'q>,
    /// Whether the engine keeps the statement prepared (sqlx's default).
    persistent: bool,
}

impl<'q> Built<'q> {
    fn new(sql: impl Into<Cow<'q, str>>) -> Built<'q> {
        Built {
            sql: sql.into(),
            values: Values::default(),
            persistent: true,
        }
    }
}

/// `fetch_all`, `fetch_one` and `fetch_optional` of a query whose rows
/// are read into `O`, built by sqlx's `$make` on the target's engine.
macro_rules! fetch_methods {
    ($make:path) => {
        pub async fn fetch_all<'c>(
            self,
            target: impl Into<Target<'c>>,
        ) -> Result<Vec<O>, sqlx::Error> {
            on_engine!($make, self, target, |q, on| q.fetch_all(on).await)
        }

        pub async fn fetch_one<'c>(self, target: impl Into<Target<'c>>) -> Result<O, sqlx::Error> {
            on_engine!($make, self, target, |q, on| q.fetch_one(on).await)
        }

        pub async fn fetch_optional<'c>(
            self,
            target: impl Into<Target<'c>>,
        ) -> Result<Option<O>, sqlx::Error> {
            on_engine!($make, self, target, |q, on| q.fetch_optional(on).await)
        }
    };
}

/// `bind` and `persistent`, the same for every builder.
macro_rules! builder_methods {
    () => {
        /// Binds the next `$n`.
        pub fn bind<T: Value<'q>>(mut self, value: T) -> Self {
            self.built.values.push(value);
            self
        }

        /// `false`: the statement is prepared for this run only (PostgreSQL
        /// then plans it for the values bound).
        pub fn persistent(mut self, persistent: bool) -> Self {
            self.built.persistent = persistent;
            self
        }
    };
}

/// A statement whose rows, if any, are not read.
#[must_use = "a query does nothing until it is run"]
pub struct Query<'q> {
    built: Built<'q>,
}

/// A statement to run with [`Query::execute`].
pub fn query(sql: &str) -> Query<'_> {
    Query {
        built: Built::new(sql),
    }
}

impl<'q> Query<'q> {
    builder_methods!();

    pub async fn execute<'c>(self, target: impl Into<Target<'c>>) -> Result<Done, sqlx::Error> {
        let rows_affected = on_engine!(sqlx::query_with, self, target, |q, on| q
            .execute(on)
            .await?
            .rows_affected());
        Ok(Done { rows_affected })
    }
}

/// A query whose rows are read into `O` (a `FromRow` type).
#[must_use = "a query does nothing until it is run"]
pub struct QueryAs<'q, O> {
    built: Built<'q>,
    row: std::marker::PhantomData<fn() -> O>,
}

/// A query whose rows are read into `O`.
pub fn query_as<O>(sql: &str) -> QueryAs<'_, O> {
    QueryAs {
        built: Built::new(sql),
        row: std::marker::PhantomData,
    }
}

/// A row type both engines' rows read into.
pub trait Row: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> {}

impl<O> Row for O where O: Send + Unpin + for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow>
{}

impl<'q, O: Row> QueryAs<'q, O> {
    builder_methods!();

    /// A query put together beforehand (`db::Sql`).
    pub(super) fn built(sql: String, values: Values<'q>) -> Self {
        QueryAs {
            built: Built {
                sql: Cow::Owned(sql),
                values,
                persistent: true,
            },
            row: std::marker::PhantomData,
        }
    }

    fetch_methods!(sqlx::query_as_with);
}

/// A query whose rows are one value each, read into `O`.
#[must_use = "a query does nothing until it is run"]
pub struct QueryScalar<'q, O> {
    built: Built<'q>,
    value: std::marker::PhantomData<fn() -> O>,
}

/// A query whose rows are one value each.
pub fn query_scalar<O>(sql: &str) -> QueryScalar<'_, O> {
    QueryScalar {
        built: Built::new(sql),
        value: std::marker::PhantomData,
    }
}

impl<'q, O> QueryScalar<'q, O>
where
    O: Send + Unpin,
    (O,): Row,
{
    builder_methods!();

    fetch_methods!(sqlx::query_scalar_with);
}
