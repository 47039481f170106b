DROP TRIGGER imposed_classes_no_delete;
DROP TRIGGER imposed_classes_no_update;
DROP INDEX imposed_classes_quarter;
DROP TABLE imposed_classes;
