MERGE INTO customers (id, name, email, balance) KEY (id) VALUES ('acme', 'Acme Corp', 'billing@acme.example', 1200.00);
MERGE INTO customers (id, name, email, balance) KEY (id) VALUES ('globex', 'Globex Inc', 'ap@globex.example', 48000.00);
MERGE INTO customers (id, name, email, balance) KEY (id) VALUES ('initech', 'Initech', 'finance@initech.example', 310.50);
