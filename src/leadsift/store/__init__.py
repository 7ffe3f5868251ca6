"""The workspace database: schema, migrations, transactional writes, analytical reads."""
