DROP TRIGGER imposed_classes_no_update ON imposed_classes;
DROP FUNCTION imposed_classes_immutable();
DROP TABLE imposed_classes;
