//! SQLite store of VideoGen Studio: connections, migrations, repositories, dirty rules.
